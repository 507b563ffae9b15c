//! A search's results, written as one string, as the lists of threads are
//! (`thread_rows.rs`): as components (a row, its status, its tags, its
//! passages, its date), each of a page's 20 hits cost more to render than
//! the string costs to write. A hit is a list's row (`thread_rows::push_main`,
//! `push_author_and_activity`) with its passages; every text goes through
//! `push_escaped`, and a searched word is marked with `<mark>`.

use super::raw_text::push_escaped;
use super::thread_rows::{push_author_and_activity, push_main};
use crate::domain::search_results::{SearchHit, Snippet};
use leptos::prelude::*;
use std::fmt::Write;

/// The hits of one page of results, numbered from `first + 1`.
#[component]
pub fn SearchHits(hits: Vec<SearchHit>, first: usize) -> impl IntoView {
    view! { <ol class="thread-list search-hits" start=first + 1 inner_html=hits_html(&hits, first)></ol> }
}

/// The `<li>` of every hit, in order, ranked from `first + 1`: title,
/// status, tags, then the resolution's passage (for a resolved thread) and
/// the best-matching one, then number, author and last activity.
pub fn hits_html(hits: &[SearchHit], first: usize) -> String {
    let mut out = String::with_capacity(hits.len() * 1600);
    for (i, hit) in hits.iter().enumerate() {
        push_hit(&mut out, hit, first + i + 1);
    }
    out
}

fn push_hit(out: &mut String, hit: &SearchHit, rank: usize) {
    let t = &hit.thread;
    // Writing to a String cannot fail.
    let _ = write!(out, r#"<li data-thread-id="{}" data-rank="{rank}" class="thread-row search-hit">"#, t.id);
    push_main(out, t);
    if let Some(s) = &hit.resolution {
        out.push_str(concat!(
            r#"<p data-snippet="resolution" class="search-hit__snippet search-hit__snippet--resolution">"#,
            r#"<strong class="search-hit__label">Résolution : </strong>"#
        ));
        push_snippet(out, s);
        out.push_str("</p>");
    }
    if let Some(s) = &hit.snippet {
        out.push_str(r#"<p data-snippet="post" class="search-hit__snippet">"#);
        push_snippet(out, s);
        out.push_str("</p>");
    }
    let _ = write!(out, r#"<div class="thread-row__meta"><span class="thread-row__number">n° {}</span>"#, t.id);
    push_author_and_activity(out, t);
    out.push_str("</div></li>");
}

/// A passage, escaped, with the searched words in `<mark>`: what a member
/// wrote never becomes markup.
fn push_snippet(out: &mut String, snippet: &Snippet) {
    for (text, marked) in snippet.pieces() {
        if marked {
            out.push_str("<mark>");
            push_escaped(out, text);
            out.push_str("</mark>");
        } else {
            push_escaped(out, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::views::{TagRef, ThreadSummary};
    use crate::domain::{TagKind, ThreadStatus};

    fn hit(id: i64, resolution: bool) -> SearchHit {
        let thread = ThreadSummary {
            id,
            title: "Le <script> « WFS »".into(),
            status: if resolution { ThreadStatus::Resolved } else { ThreadStatus::Open },
            locked: resolution,
            author_id: 7,
            author_name: "Amélie <b>Roux</b>".into(),
            reply_count: 1,
            created_at: 1_796_040_000,
            last_activity_at: 1_796_040_000,
            tags: vec![TagRef { slug: "geoserver".into(), name: "Geo<Server>".into(), kind: TagKind::Solution, detail: "2.25".into() }],
        };
        let passage = Snippet { text: "un <WFS> cassé & réparé".into(), marks: vec![(4, 7)] };
        SearchHit { thread, resolution: resolution.then(|| passage.clone()), snippet: Some(passage) }
    }

    #[test]
    fn a_hit_shows_its_thread_and_passages_with_every_text_escaped() {
        let html = hits_html(&[hit(42, true)], 20);
        assert!(html.starts_with(r#"<li data-thread-id="42" data-rank="21" class="thread-row search-hit">"#), "{html}");
        assert!(html.contains(r#"<span data-status="resolved" class="status status--resolved">Résolu</span>"#), "{html}");
        assert!(html.contains(r#"<a class="thread-row__title" href="/t/42-le-script-wfs">Le &lt;script&gt; « WFS »</a>"#), "{html}");
        assert!(html.contains(r#"<a href="/tags/geoserver">Geo&lt;Server&gt;</a>"#), "{html}");
        let passage = "un &lt;<mark>WFS</mark>&gt; cassé &amp; réparé</p>";
        assert!(html.contains(&format!(r#"<strong class="search-hit__label">Résolution : </strong>{passage}"#)), "{html}");
        assert!(html.contains(&format!(r#"<p data-snippet="post" class="search-hit__snippet">{passage}"#)), "{html}");
        assert!(html.contains(r#"par <a href="/u/7">Amélie &lt;b&gt;Roux&lt;/b&gt;</a>"#), "{html}");
        assert!(html.contains(r#"<time datetime="2026-11-30T12:00:00Z">30 nov. 2026 à 13:00</time>"#), "{html}");
        assert!(!html.contains("<script>") && !html.contains("<b>"), "{html}");
        assert!(html.ends_with("</span></div></li>"), "{html}");
    }

    #[test]
    fn hits_are_ranked_in_order_and_a_thread_not_resolved_has_one_passage() {
        let html = hits_html(&[hit(43, false), hit(42, true)], 0);
        let (a, b) = (html.find(r#"data-thread-id="43" data-rank="1""#).unwrap(), html.find(r#"data-thread-id="42" data-rank="2""#).unwrap());
        assert!(a < b);
        assert_eq!(html.matches(r#"data-snippet="resolution""#).count(), 1);
        assert_eq!(html.matches(r#"data-snippet="post""#).count(), 2);
        assert_eq!(html[..b].matches("<mark>").count(), 1, "the open thread's one passage");
    }
}
