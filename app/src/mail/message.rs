//! One mail, built with lettre from what the composers say. Every header
//! value that carries typed text (subject, names) goes through
//! `headers::header_text`; the rest is made of numbers, slugs and our own URLs.

use super::MailSettings;
use super::headers::{NAME_MAX_CHARS, SUBJECT_MAX_CHARS, header_text};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, Message};

/// A mail ready to queue: its Message-ID and its bytes as they will be sent.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub message_id: String,
    pub raw: Vec<u8>,
}

/// What a composer decides; `build` turns it into bytes.
pub struct Spec {
    /// Who is shown as the sender ("Anne Martin via Jonction"); the address is always the forum's.
    pub from_name: String,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// The signed unsubscribe URL: `List-Unsubscribe` with one-click (RFC 8058).
    pub unsubscribe_url: Option<String>,
    /// Whether the mail belongs to the forum's list (`List-Id`, `Precedence: list`).
    pub list: bool,
    /// `X-Jonction-…` headers: values are slugs and numbers only.
    pub extra: Vec<(&'static str, String)>,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("adresse du destinataire invalide : {0}")]
    Address(String),
    #[error("message : {0}")]
    Message(#[from] lettre::error::Error),
}

fn header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

pub fn build(settings: &MailSettings, spec: Spec) -> Result<Outgoing, BuildError> {
    let to_address: Address = spec.to_address.parse().map_err(|_| BuildError::Address(spec.to_address.clone()))?;
    let from = Mailbox::new(Some(header_text(&spec.from_name, NAME_MAX_CHARS)), settings.from.clone());
    let to = Mailbox::new(Some(header_text(&spec.to_name, NAME_MAX_CHARS)), to_address);
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(header_text(&spec.subject, SUBJECT_MAX_CHARS))
        .message_id(Some(spec.message_id.clone()))
        .date_now()
        .raw_header(header("Auto-Submitted", "auto-generated".into()));
    if let Some(parent) = spec.in_reply_to {
        builder = builder.in_reply_to(parent);
    }
    if !spec.references.is_empty() {
        builder = builder.references(spec.references.join(" "));
    }
    if spec.list {
        builder = builder.raw_header(header("List-Id", settings.list_id())).raw_header(header("Precedence", "list".into()));
        builder = builder.raw_header(header("List-Archive", format!("<{}/>", settings.public_url)));
    }
    if let Some(url) = &spec.unsubscribe_url {
        builder = builder
            .raw_header(header("List-Unsubscribe", format!("<{url}>")))
            .raw_header(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()));
    }
    for (name, value) in spec.extra {
        builder = builder.raw_header(header(name, header_text(&value, 400)));
    }
    let message = builder.multipart(MultiPart::alternative_plain_html(spec.text, spec.html))?;
    Ok(Outgoing { message_id: spec.message_id, raw: message.formatted() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::SigningKey;

    pub(crate) fn settings() -> MailSettings {
        MailSettings {
            from: "jonction@jonction.example.fr".parse().unwrap(),
            public_url: "https://jonction.example.fr".into(),
            host: "jonction.example.fr".into(),
            key: SigningKey::new(b"test key".to_vec()),
        }
    }

    /// Payloads that would add header lines (Bcc, a forged header) or break
    /// the message if they reached a header as typed.
    const PAYLOADS: [&str; 4] = [
        "Titre\r\nBcc: victime@exemple.fr",
        "Nom\nX-Injected: oui\n\nCorps injecté",
        "Bip\u{7}\u{0}\u{1b}[2J\u{85}Bcc: a@b.fr\u{2028}fin",
        "=?utf-8?q?encod=C3=A9?=\r\n\tBcc: c@d.fr",
    ];

    #[test]
    fn no_typed_text_becomes_a_header_line() {
        for payload in PAYLOADS {
            let spec = Spec {
                from_name: format!("{payload} via Jonction"),
                to_name: payload.to_string(),
                to_address: "anne@ign.example".into(),
                subject: format!("[Jonction] {payload}"),
                message_id: "<post-1@jonction.example.fr>".into(),
                in_reply_to: None,
                references: vec![],
                unsubscribe_url: Some("https://jonction.example.fr/unsubscribe/x".into()),
                list: true,
                extra: vec![("X-Jonction-Solutions", payload.to_string())],
                text: payload.to_string(),
                html: String::new(),
            };
            let raw = String::from_utf8(build(&settings(), spec).unwrap().raw).unwrap();
            let head = &raw[..raw.find("\r\n\r\n").expect("a header section")];
            for line in head.split("\r\n") {
                assert!(line.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\t'), "{payload:?} left a control character: {line:?}");
                let continuation = line.starts_with(' ') || line.starts_with('\t');
                let name = line.split(':').next().unwrap_or_default();
                assert!(continuation || !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'), "{line:?}");
                assert!(!name.eq_ignore_ascii_case("Bcc") && !name.eq_ignore_ascii_case("X-Injected"), "{payload:?} made a header: {line:?}");
            }
            assert_eq!(head.matches("\r\nSubject:").count() + usize::from(head.starts_with("Subject:")), 1);
        }
    }
}
