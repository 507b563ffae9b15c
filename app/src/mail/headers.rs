//! Header lines: no text a member typed (a title, a name) reaches one as it
//! is. Control characters (CR and LF above all, which would start a new
//! header line, such as a `Bcc:`) become spaces, runs of spaces one, and the
//! length is bounded; lettre then encodes what is not plain ASCII (RFC 2047).
//! Message-IDs are built here from numbers only.

/// A title or a name made fit for a header line.
pub fn header_text(raw: &str, max_chars: usize) -> String {
    let spaced: String = raw
        .chars()
        .map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') { ' ' } else { c })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max_chars {
        return joined;
    }
    let cut: String = joined.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Longest subject kept (the title is cut, with "…").
pub const SUBJECT_MAX_CHARS: usize = 160;
/// Longest display name in From and To.
pub const NAME_MAX_CHARS: usize = 100;

/// `<kind-id@host>`: the Message-ID of one forum message. The opening post's
/// is the thread's root, which every later mail of the thread references.
pub fn post_message_id(post_id: i64, host: &str) -> String {
    format!("<post-{post_id}@{host}>")
}

pub fn status_message_id(event_id: i64, host: &str) -> String {
    format!("<status-{event_id}@{host}>")
}

pub fn digest_message_id(period_key: &str, user_id: i64, host: &str) -> String {
    // The key is "daily:2026-12-02": letters, digits, '-' and ':' only.
    format!("<digest-{}-{user_id}@{host}>", period_key.replace(':', "-"))
}

/// An account mail's Message-ID: random, it stands for nothing else.
pub fn random_message_id(host: &str) -> String {
    format!("<account-{}@{host}>", crate::store::sessions::new_token().replace(['-', '_'], "x"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_survive_and_length_is_bounded() {
        let payload = "Titre\r\nBcc: victime@exemple.fr\r\n\r\n<b>corps</b>\u{0}\u{7}\t\u{2028}fin";
        let clean = header_text(payload, 200);
        assert!(!clean.chars().any(|c| c.is_control()), "{clean:?}");
        assert_eq!(clean, "Titre Bcc: victime@exemple.fr <b>corps</b> fin");
        let long = header_text(&"é".repeat(500), 20);
        assert_eq!(long.chars().count(), 20);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn message_ids_are_made_of_numbers_and_the_host() {
        assert_eq!(post_message_id(12, "jonction.example.fr"), "<post-12@jonction.example.fr>");
        assert_eq!(digest_message_id("daily:2026-12-02", 4, "h"), "<digest-daily-2026-12-02-4@h>");
        let id = random_message_id("h");
        assert!(id.starts_with("<account-") && id.ends_with("@h>") && id.is_ascii(), "{id}");
    }
}
