//! One archived message, decoded with `mail-parser`: headers (RFC 2047
//! encoded words), MIME parts (quoted-printable, base64, declared charsets),
//! HTML-only messages turned into text, attachments listed, not kept. A
//! message without MIME headers (pipermail's archives, old mail) is text in
//! UTF-8, or else windows-1252, the usual undeclared charset of the lists.

use super::mbox::RawMessage;
use app::domain::limits::IMPORT_MESSAGE_MAX_BYTES;
use app::domain::mail::{Attachment, MailMessage, address};
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
    let (from_address, from_name) = sender(&message).ok_or("expéditeur absent ou illisible")?;
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
fn sender(message: &Message<'_>) -> Option<(String, Option<String>)> {
    let raw = message.header_raw("From").unwrap_or_default();
    if let Some((address, name)) = address::pipermail_from(raw) {
        return Some((address, name.map(|n| decode_words(&n))));
    }
    let from = message.from()?.first()?;
    Some((address::normalise(from.address()?)?, from.name().map(str::to_string)))
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
