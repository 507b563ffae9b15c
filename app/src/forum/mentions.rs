//! Mentions: `@Prénom_Nom` in a message names a member by their display name,
//! underscores for spaces (`@Anne_Martin` for « Anne Martin »). When the
//! message is saved, each mention of an existing member becomes a link to
//! their page (in the Markdown renderer's events, never by pasting HTML), and
//! the members mentioned are notified. Mentions in code are left alone.

use crate::domain::limits::MENTIONS_PER_POST_MAX;
use crate::store::{self, Db};
use std::collections::HashMap;

/// A piece of a text: plain, or a mention's handle (without `@`).
#[derive(Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Handle(&'a str),
}

fn handle_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\'' | '’')
}

/// Splits `text` around its mentions. An `@` counts only at the start or
/// after a character that cannot be part of an address (so `nom@ign.fr` is
/// no mention); the handle's trailing punctuation is the sentence's.
pub fn split(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts = c == '@' && prev.is_none_or(|p| !handle_char(p) && p != '@' && p != '+');
        prev = Some(c);
        if !starts {
            continue;
        }
        let rest = &text[i + 1..];
        let len = rest.char_indices().find(|(_, c)| !handle_char(*c)).map(|(j, _)| j).unwrap_or(rest.len());
        let handle = rest[..len].trim_end_matches(['.', '-', '\'', '’']);
        if handle.is_empty() || !handle.chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        if plain_from < i {
            out.push(Segment::Text(&text[plain_from..i]));
        }
        out.push(Segment::Handle(handle));
        // The handle's characters are read on as any others: none is an `@`.
        plain_from = i + 1 + handle.len();
    }
    if plain_from < text.len() {
        out.push(Segment::Text(&text[plain_from..]));
    }
    out
}

/// The display name a handle stands for.
pub fn name_of(handle: &str) -> String {
    handle.replace('_', " ")
}

/// The members a message mentions: handle → member id. Unknown names and
/// names several members share are left out (no link, no notification).
pub async fn resolve(db: &Db, handles: &[String]) -> Result<HashMap<String, i64>, sqlx::Error> {
    let mut names: Vec<String> = handles.iter().map(|h| name_of(h)).collect();
    names.sort();
    names.dedup();
    names.truncate(MENTIONS_PER_POST_MAX);
    let found = store::user_mail::by_display_names(db, &names).await?;
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, name) in &found {
        *count.entry(name.as_str()).or_default() += 1;
    }
    Ok(handles
        .iter()
        .filter_map(|h| {
            let name = name_of(h);
            let (id, _) = found.iter().find(|(_, n)| *n == name && count[n.as_str()] == 1)?;
            Some((h.clone(), *id))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{Segment::*, split};

    #[test]
    fn mentions_are_found_at_word_starts_but_not_in_addresses() {
        assert_eq!(split("Merci @Anne_Martin."), vec![Text("Merci "), Handle("Anne_Martin"), Text(".")]);
        assert_eq!(split("@Élodie, voir nom@ign.fr"), vec![Handle("Élodie"), Text(", voir nom@ign.fr")]);
        assert_eq!(split("(@Jean-Luc_Dupont) et @ seul"), vec![Text("("), Handle("Jean-Luc_Dupont"), Text(") et @ seul")]);
        assert_eq!(split("@@x @_x"), vec![Text("@@x @_x")]);
        assert_eq!(split("sans mention"), vec![Text("sans mention")]);
        assert_eq!(split("@a @b"), vec![Handle("a"), Text(" "), Handle("b")]);
    }
}
