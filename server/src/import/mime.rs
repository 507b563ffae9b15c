//! One archived message, decoded with `mail-parser`: headers (RFC 2047
//! encoded words), MIME parts (quoted-printable, base64, declared charsets),
//! HTML-only messages turned into text, attachments listed, not kept. A
//! message without MIME headers (pipermail's archives, old mail) is text in
//! UTF-8, or else windows-1252, the usual undeclared charset of the lists.

use super::mbox::RawMessage;
use app::domain::limits::IMPORT_MESSAGE_MAX_BYTES;
use app::domain::mail_archive::{Attachment, MailMessage, address};
use mail_parser::{Message, MessageParser, MimeHeaders};

/// Why a message was skipped, for the report (never its content or its sender).
pub type Skip = String;

pub fn decode(raw: &RawMessage, position: String) -> Result<MailMessage, Skip> {
    if raw.too_large {
        return Err(format!("message de plus de {} Mio", IMPORT_MESSAGE_MAX_BYTES / (1024 * 1024)));
    }
    let bytes = raw.bytes.as_slice();
    if !starts_with_header(bytes) {
        return Err("pas d’en-tête de message au début".into());
    }
    let message = MessageParser::default().parse(bytes).ok_or("message illisible")?;
    let (from_address, from_name) = sender(bytes, &message).ok_or("adresse de l’expéditeur absente ou illisible")?;
    let date = match message.date() {
        Some(d) if d.is_valid() => d.to_timestamp(),
        _ => raw.envelope_date.ok_or("date absente ou illisible")?,
    };
    let (text, attachments) = if is_mime(&message) { mime_body(&message) } else { (plain_body(bytes), vec![]) };
    Ok(MailMessage {
        position,
        message_id: message.message_id().map(str::to_string),
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        subject: message.subject().unwrap_or_default().to_string(),
        date,
        from_address,
        from_name,
        text,
        attachments,
    })
}

/// The first line is a header (`Name: value`).
fn starts_with_header(bytes: &[u8]) -> bool {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    match first.iter().position(|b| *b == b':') {
        Some(colon) => colon > 0 && first[..colon].iter().all(|b| b.is_ascii_graphic()),
        None => false,
    }
}

/// The sender's normalised address and name, from pipermail's `user at host
/// (Name)` or a standard `From:`.
fn sender(bytes: &[u8], message: &Message<'_>) -> Option<(String, Option<String>)> {
    if let Some((address, name)) = raw_from(bytes).as_deref().and_then(address::pipermail_from) {
        return Some((address, name.map(|n| decode_words(&n))));
    }
    let from = message.from()?.first()?;
    Some((address::normalise(from.address()?)?, from.name().map(str::to_string)))
}

/// The `From:` header as written, unfolded, in UTF-8 or else windows-1252
/// (pipermail keeps names in the sender's 8-bit charset, which the MIME
/// parser does not read).
fn raw_from(bytes: &[u8]) -> Option<String> {
    let mut lines = bytes.split(|b| *b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let mut value = lines.by_ref().take_while(|l| !l.is_empty()).skip_while(|l| !l.to_ascii_lowercase().starts_with(b"from:"));
    let mut raw = value.next()?[5..].to_vec();
    for more in value.take_while(|l| l.starts_with(b" ") || l.starts_with(b"\t")) {
        raw.extend_from_slice(more);
    }
    Some(match String::from_utf8(raw) {
        Ok(text) => text,
        Err(e) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes()).0.into_owned(),
    })
}

/// RFC 2047 encoded words (`=?UTF-8?Q?…?=`) in a piece of header text.
fn decode_words(text: &str) -> String {
    if !text.contains("=?") {
        return text.to_string();
    }
    let header = format!("Subject: {text}\r\n\r\n");
    MessageParser::default().parse_headers(header.as_bytes()).and_then(|m| m.subject().map(str::to_string)).unwrap_or_else(|| text.to_string())
}

fn ids(value: &mail_parser::HeaderValue<'_>) -> Vec<String> {
    match (value.as_text_list(), value.as_text()) {
        (Some(list), _) => list.iter().map(|s| s.to_string()).collect(),
        (None, Some(one)) => vec![one.to_string()],
        (None, None) => vec![],
    }
}

fn is_mime(message: &Message<'_>) -> bool {
    ["Content-Type", "MIME-Version", "Content-Transfer-Encoding"].iter().any(|h| message.header_raw(*h).is_some())
}

/// The text parts (an HTML-only one turned into text), and the other parts as attachments.
fn mime_body(message: &Message<'_>) -> (String, Vec<Attachment>) {
    let texts: Vec<String> = (0..message.text_body_count()).filter_map(|i| message.body_text(i)).map(|t| t.into_owned()).collect();
    let attachments = message
        .attachments()
        .map(|part| Attachment {
            name: part.attachment_name().map(str::to_string),
            mime: part
                .content_type()
                .map(|ct| format!("{}/{}", ct.c_type, ct.c_subtype.as_deref().unwrap_or("octet-stream")))
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_lowercase(),
            bytes: Some(part.len() as u64),
        })
        .collect();
    (texts.join("\n\n"), attachments)
}

/// The body of a message without MIME headers: UTF-8 if it is, else windows-1252.
fn plain_body(bytes: &[u8]) -> String {
    let crlf = find(bytes, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = find(bytes, b"\n\n").map(|i| (i, i + 2));
    let start = crlf.into_iter().chain(lf).min().map_or(bytes.len(), |(_, body)| body);
    let body = &bytes[start..];
    match std::str::from_utf8(body) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(body).0.into_owned(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &[u8]) -> RawMessage {
        RawMessage { line: 1, bytes: text.to_vec(), envelope_date: None, too_large: false }
    }

    #[test]
    fn a_pipermail_sender_named_in_latin_1_is_read() {
        let m = decode(&raw(b"From: p_mansson at hotmail.com (Per M\xe5nsson)\nDate: Mon, 17 Nov 2003 09:29:55 +0100\nSubject: x\n\nbody\n"), "a:1".into()).unwrap();
        assert_eq!((m.from_address.as_str(), m.from_name.as_deref()), ("p_mansson@hotmail.com", Some("Per M\u{e5}nsson")));
        let m = decode(&raw(b"From: a at b.fr (=?UTF-8?Q?Ren=C3=A9?=)\nDate: Mon, 17 Nov 2003 09:29:55 +0100\n\nbody\n"), "a:1".into()).unwrap();
        assert_eq!(m.from_name.as_deref(), Some("Ren\u{e9}"));
    }

    #[test]
    fn a_sender_without_an_address_is_refused() {
        let no_address = raw(b"From: =?UTF-8?Q?N=C3=ADkos?= (=?UTF-8?Q?N=C3=ADkos?=)\nDate: Fri, 13 Nov 2009 19:58:28 +0100\n\nbody\n");
        assert_eq!(decode(&no_address, "a:1".into()).unwrap_err(), "adresse de l’expéditeur absente ou illisible");
    }
}
