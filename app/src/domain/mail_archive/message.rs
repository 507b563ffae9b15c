//! One message of a mailing-list archive, decoded: what the importer turns
//! into a post. The reader (server/src/import) fills it; nothing here knows
//! about files or MIME.

use super::address;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailMessage {
    /// `file:line` of the message's first line, for reports.
    pub position: String,
    /// Without angle brackets; `None` when the message has none.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    /// Oldest first, as the header lists them.
    pub references: Vec<String>,
    /// Decoded (RFC 2047), as written.
    pub subject: String,
    /// Unix seconds, from `Date:` (else the mbox `From ` line).
    pub date: i64,
    /// The sender's address, normalised (`address::normalise`): only its hash is kept.
    pub from_address: String,
    pub from_name: Option<String>,
    /// The text of the message, decoded; HTML-only messages already turned into text.
    pub text: String,
    /// Parts left out.
    pub attachments: Vec<Attachment>,
}

impl MailMessage {
    /// What the message is known by across imports: its `Message-ID`, or,
    /// without one, its content (date, sender, subject and text), so that
    /// importing the same file again finds it.
    pub fn key_source(&self) -> String {
        match self.message_id.as_deref().map(normalise_id).filter(|id| !id.is_empty()) {
            Some(id) => format!("mid:{id}"),
            None => format!("content:{}\n{}\n{}\n{}", self.date, self.from_address, self.subject, self.text),
        }
    }

    /// The `key_source` of each message this one answers, nearest first:
    /// `In-Reply-To`, then `References` from the last (the parent) to the
    /// first (the thread's start).
    pub fn parent_key_sources(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for id in self.in_reply_to.iter().chain(self.references.iter().rev()) {
            let id = normalise_id(id);
            let key = format!("mid:{id}");
            if !id.is_empty() && !out.contains(&key) && self.message_id.as_deref().map(normalise_id) != Some(id) {
                out.push(key);
            }
        }
        out
    }

    pub fn has_references(&self) -> bool {
        !self.in_reply_to.is_empty() || !self.references.is_empty()
    }
}

/// `<abc@host>` and ` abc@host ` are the same Message-ID.
fn normalise_id(id: &str) -> &str {
    id.trim().trim_start_matches('<').trim_end_matches('>').trim()
}

/// A part of a message the importer leaves out (files are not imported).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: Option<String>,
    pub mime: String,
    pub bytes: Option<u64>,
}

impl Attachment {
    /// « Pièce jointe non importée : carte.png (image/png, 45 Ko) ».
    pub fn note(&self) -> String {
        let name = self.name.as_deref().map(address::mask).unwrap_or_else(|| "sans nom".into());
        let mime: String = self.mime.chars().filter(|c| !c.is_control()).take(100).collect();
        match self.bytes {
            Some(n) => format!("Pièce jointe non importée : {name} ({mime}, {})", size_text(n)),
            None => format!("Pièce jointe non importée : {name} ({mime})"),
        }
    }
}

/// A size in French units: « 819 octets », « 45 Ko », « 1,2 Mo ».
fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        n if n < KIB => format!("{n} octets"),
        n if n < KIB * KIB => format!("{} Ko", n / KIB),
        n => format!("{:.1} Mo", n as f64 / (KIB * KIB) as f64).replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: Option<&str>) -> MailMessage {
        MailMessage {
            position: "a.mbox:1".into(),
            message_id: id.map(str::to_string),
            in_reply_to: vec![],
            references: vec![],
            subject: "Sujet".into(),
            date: 1_551_447_235,
            from_address: "marie@ign.fr".into(),
            from_name: None,
            text: "Texte".into(),
            attachments: vec![],
        }
    }

    #[test]
    fn a_message_is_known_by_its_message_id_or_else_by_its_content() {
        assert_eq!(message(Some("<abc@host>")).key_source(), "mid:abc@host");
        assert_eq!(message(Some(" abc@host ")).key_source(), "mid:abc@host");
        let without = message(None);
        assert_eq!(without.key_source(), message(Some("<>")).key_source());
        let mut other = message(None);
        other.text = "Autre texte".into();
        assert_ne!(without.key_source(), other.key_source());
    }

    #[test]
    fn parents_are_looked_for_nearest_first_without_repeats_or_self() {
        let mut m = message(Some("<self@h>"));
        m.in_reply_to = vec!["<b@h>".into()];
        m.references = vec!["<a@h>".into(), "<b@h>".into(), "<self@h>".into()];
        assert_eq!(m.parent_key_sources(), vec!["mid:b@h", "mid:a@h"]);
        assert!(m.has_references() && !message(None).has_references());
    }

    #[test]
    fn sizes_read_in_french_units() {
        assert_eq!(size_text(819), "819 octets");
        assert_eq!(size_text(46_000), "44 Ko");
        assert_eq!(size_text(1_300_000), "1,2 Mo");
    }
}
