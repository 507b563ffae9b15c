//! A thread as the index holds it, read from the database (the source of truth).

use super::schema::{Analysed, Fields};
use crate::domain::limits::SEARCH_SNIPPET_SCAN_BYTES;
use crate::domain::TagKind;
use crate::store::search_source::Selection;
use crate::store::{self, Db};
use std::collections::HashMap;
use tantivy::TantivyDocument;
use tantivy::schema::Facet;

/// What a thread's document is made of; also what tests compare the index against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadText {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub author: String,
    /// Plain text of each post that is not deleted (the resolution included), in order.
    pub posts: Vec<String>,
    pub resolution: Option<String>,
    /// `/solution/slug`, `/standard/slug`, `/status/code`, `/year/yyyy`.
    pub facets: Vec<String>,
    /// Slugs, names and synonyms.
    pub tag_words: Vec<String>,
    pub created: i64,
    pub activity: i64,
}

/// The thread as it is now; `None` if it does not exist (what tests compare the index with).
#[cfg(test)]
pub async fn load(db: &Db, id: i64) -> Result<Option<ThreadText>, sqlx::Error> {
    Ok(load_batch(db, Selection::Ids(&[id])).await?.pop())
}

/// The selected threads as they are now, in id order (ids that name no
/// thread are left out): four queries, whatever the number of threads.
pub async fn load_batch(db: &Db, sel: Selection<'_>) -> Result<Vec<ThreadText>, sqlx::Error> {
    let threads = store::search_source::threads(db, sel).await?;
    let mut posts = store::search_source::live_posts(db, sel).await?.into_iter().peekable();
    let mut tags = store::search_source::tags(db, sel).await?.into_iter().peekable();
    let mut synonyms: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (tag, slug, name) in store::search_source::synonyms(db).await? {
        synonyms.entry(tag).or_default().push((slug, name));
    }
    let mut out = Vec::with_capacity(threads.len());
    // All three lists are in thread order: each thread takes its rows off the front.
    for t in threads {
        let mut texts = Vec::new();
        let mut resolution = None;
        while let Some(p) = posts.next_if(|p| p.thread_id <= t.id) {
            if p.thread_id < t.id {
                continue; // A post whose thread was deleted between the queries.
            }
            let text = plain_text(&p.body_md);
            if t.status == crate::domain::ThreadStatus::Resolved && t.resolution_post_id == Some(p.id) {
                resolution = Some(text.clone());
            }
            texts.push(text);
        }
        let mut facets = Vec::new();
        let mut tag_words = Vec::new();
        while let Some(row) = tags.next_if(|r| r.thread_id <= t.id) {
            if row.thread_id < t.id {
                continue;
            }
            let tag = row.tag;
            let kind = match tag.kind {
                TagKind::Solution => "solution",
                TagKind::Standard => "standard",
            };
            facets.push(format!("/{kind}/{}", tag.slug));
            tag_words.push(tag.slug);
            tag_words.push(tag.name);
            for (slug, name) in synonyms.get(&tag.id).into_iter().flatten() {
                tag_words.push(slug.clone());
                tag_words.push(name.clone());
            }
        }
        facets.push(format!("/status/{}", t.status.as_str()));
        facets.push(format!("/year/{}", year(t.created_at)));
        facets.sort();
        out.push(ThreadText {
            id: t.id,
            title: t.title,
            status: t.status.as_str().to_string(),
            author: t.author_name,
            posts: texts,
            resolution,
            facets,
            tag_words,
            created: t.created_at,
            activity: t.last_activity_at,
        });
    }
    Ok(out)
}

/// The year of a time, in Paris.
pub fn year(ts: i64) -> i16 {
    jiff::Timestamp::from_second(ts)
        .map(|t| crate::domain::paris::PARIS.to_datetime(t).year())
        .unwrap_or(1970)
}

fn add_all(doc: &mut TantivyDocument, fields: &Analysed, text: &str) {
    for f in fields.all() {
        doc.add_text(f, text);
    }
}

pub fn to_document(f: &Fields, t: &ThreadText) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    // Stored values are kept in the order they are added, and a hit of a
    // search without words reads its thread up to the opening post only
    // (`searcher::StoredFields`): every stored value but the posts comes first.
    doc.add_u64(f.thread_id, t.id as u64);
    add_all(&mut doc, &f.title, &t.title);
    doc.add_text(f.title_text, &t.title);
    if let Some(r) = &t.resolution {
        add_all(&mut doc, &f.resolution, r);
        doc.add_text(f.resolution_text, r);
    }
    doc.add_i64(f.created, t.created);
    doc.add_i64(f.activity, t.activity);
    let mut stored = 0;
    for (i, p) in t.posts.iter().enumerate() {
        add_all(&mut doc, &f.body, p);
        // Snippets look no further into a thread: every post is searchable,
        // the first ones are kept to be quoted.
        if i == 0 || stored + p.len() <= SEARCH_SNIPPET_SCAN_BYTES {
            doc.add_text(f.posts_text, p);
            stored += p.len();
        }
    }
    for w in &t.tag_words {
        add_all(&mut doc, &f.tags, w);
    }
    doc.add_text(f.author, &t.author);
    for facet in &t.facets {
        doc.add_facet(f.facets, Facet::from(facet.as_str()));
    }
    doc
}

/// The words of a Markdown message, without its markup: what is searched and
/// what snippets are cut from. (The stored HTML is not used: the Markdown is
/// what the member wrote.)
pub fn plain_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(md.len());
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableCell) => {
                out.push(' ')
            }
            // Raw HTML a member typed is text to search, never markup.
            Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_becomes_plain_words() {
        assert_eq!(
            super::plain_text("# Titre\n\nUne **requête** `GetCapabilities`\n\n```\nEPSG:2154\n```\n- a\n- b"),
            "Titre Une requête GetCapabilities EPSG:2154 a b"
        );
    }
}
