//! Mails as a recipient reads them: parsed (headers decoded, text and HTML
//! parts), from the queue's raw bytes, an `.eml` file or an SMTP server's copy.

#![allow(dead_code)]

use mail_parser::{HeaderValue, MessageParser};

#[derive(Debug, Clone)]
pub struct Mail {
    pub raw: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub text: String,
    pub html: String,
    /// Every header as (name, raw value), in order.
    pub headers: Vec<(String, String)>,
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => vec![format!("<{t}>")],
        HeaderValue::TextList(l) => l.iter().map(|t| format!("<{t}>")).collect(),
        _ => vec![],
    }
}

impl Mail {
    pub fn parse(raw: &[u8]) -> Self {
        Self::try_parse(raw).expect("a mail")
    }

    /// `None` for what is no mail yet: an empty file, created but not yet
    /// written (the forum's own `.eml` files are written in place).
    pub fn try_parse(raw: &[u8]) -> Option<Self> {
        if raw.is_empty() {
            return None;
        }
        let m = MessageParser::default().parse(raw)?;
        let headers = m
            .headers_raw()
            .map(|(name, value)| (name.to_string(), value.trim().to_string()))
            .collect::<Vec<_>>();
        let to = m
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_string)
            .unwrap_or_default();
        Some(Mail {
            raw: String::from_utf8_lossy(raw).into_owned(),
            to,
            subject: m.subject().unwrap_or_default().to_string(),
            message_id: m.message_id().map(|i| format!("<{i}>")).unwrap_or_default(),
            in_reply_to: ids(m.in_reply_to()).into_iter().next(),
            references: ids(m.references()),
            text: m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
            html: m.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
            headers,
        })
    }

    /// The raw value of header `name` (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// The path of the first link to `base` + `prefix…` in the text part.
    pub fn link_path(&self, base: &str, prefix: &str) -> Option<String> {
        let start = format!("{base}{prefix}");
        let at = self.text.find(&start)?;
        let url: String = self.text[at..].chars().take_while(|c| !c.is_whitespace()).collect();
        Some(url[base.len()..].to_string())
    }
}
