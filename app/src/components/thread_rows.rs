//! A list of threads (home, tag and member pages), written as one string.
//!
//! A page lists up to 50 threads with three tags each. As components (a row,
//! its status, its tags, its date), each thread cost some 20 µs of
//! rendering, more than everything else on a tag page of a large forum; as a
//! string, under 2 µs. The markup is the components' own (`StatusBadge`,
//! `TagList`, `DateTime` write it from the same functions); every text goes
//! through `push_escaped`.

use super::number::grouped;
use super::date::push_date_time;
use super::raw_text::push_escaped;
use super::status_badge::push_status_badge;
use super::tag_list::push_tag_items;
use crate::domain::views::{ThreadSummary, push_thread_href};
use leptos::prelude::*;
use std::fmt::Write;

pub fn replies_text(n: i64) -> String {
    match n {
        0 => "0 réponse".to_string(),
        1 => "1 réponse".to_string(),
        n => format!("{} réponses", grouped(n)),
    }
}

/// Threads as a list: status, title, tags, replies, author, last activity.
#[component]
pub fn ThreadRows(threads: Vec<ThreadSummary>) -> impl IntoView {
    view! { <ul class="thread-list" inner_html=rows_html(&threads)></ul> }
}

/// The `<li>` of every thread, in order.
pub fn rows_html(threads: &[ThreadSummary]) -> String {
    let mut out = String::with_capacity(threads.len() * 1200);
    for t in threads {
        push_row(&mut out, t);
    }
    out
}

fn push_row(out: &mut String, t: &ThreadSummary) {
    // Writing to a String cannot fail.
    let _ = write!(out, r#"<li class="thread-row" data-thread="{}">"#, t.id);
    push_main(out, t);
    let _ = write!(
        out,
        r#"<div class="thread-row__meta"><span class="thread-row__number">n° {id}</span><span data-replies="{n}">{replies}</span>"#,
        id = t.id,
        n = t.reply_count,
        replies = replies_text(t.reply_count),
    );
    push_author_and_activity(out, t);
    out.push_str("</div></li>");
}

/// A thread's status, linked title and tags, as every row shows them (the
/// lists and a search's hits).
pub(super) fn push_main(out: &mut String, t: &ThreadSummary) {
    out.push_str(r#"<div class="thread-row__main">"#);
    push_status_badge(out, t.status, t.locked);
    out.push_str(r#"<a class="thread-row__title" href=""#);
    push_thread_href(out, t.id, &t.title);
    out.push_str(r#"">"#);
    push_escaped(out, &t.title);
    out.push_str(r#"</a><ul class="tags">"#);
    push_tag_items(out, &t.tags);
    out.push_str("</ul></div>");
}

/// A thread's author, linked, and its last activity, the end of every row's
/// line of details.
pub(super) fn push_author_and_activity(out: &mut String, t: &ThreadSummary) {
    // Writing to a String cannot fail.
    let _ = write!(out, r#"<span>par <a href="/u/{}">"#, t.author_id);
    push_escaped(out, &t.author_name);
    out.push_str("</a></span><span>activité : ");
    push_date_time(out, t.last_activity_at);
    out.push_str("</span>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::views::TagRef;
    use crate::domain::{TagKind, ThreadStatus};

    fn summary() -> ThreadSummary {
        ThreadSummary {
            id: 42,
            title: "Le <script> \"WFS\" & l'export".into(),
            status: ThreadStatus::Resolved,
            locked: true,
            author_id: 7,
            author_name: "Amélie <b>Roux</b>".into(),
            reply_count: 1,
            created_at: 1_796_040_000,
            last_activity_at: 1_796_040_000,
            tags: vec![
                TagRef { slug: "geoserver".into(), name: "GeoServer".into(), kind: TagKind::Solution, detail: "2.25".into() },
                TagRef { slug: "wfs".into(), name: "Web <Feature> Service".into(), kind: TagKind::Standard, detail: String::new() },
            ],
        }
    }

    #[test]
    fn a_row_shows_its_thread_with_every_text_escaped() {
        let html = rows_html(&[summary()]);
        assert!(html.starts_with(r#"<li class="thread-row" data-thread="42">"#), "{html}");
        assert!(html.contains(r#"<span data-status="resolved" class="status status--resolved">Résolu</span>"#), "{html}");
        assert!(html.contains(r#"data-locked="" class="status status--locked">Verrouillé</span>"#), "{html}");
        assert!(html.contains(r#"href="/t/42-le-script-wfs-l-export">Le &lt;script&gt; &quot;WFS&quot; &amp; l&#39;export</a>"#), "{html}");
        assert!(html.contains(r#"<li class="tag tag--solution" data-tag="geoserver">"#), "{html}");
        assert!(html.contains(r#"<span class="tag__detail" title="version">2.25</span>"#), "{html}");
        assert!(html.contains(r#"<a href="/tags/wfs">Web &lt;Feature&gt; Service</a></li>"#), "{html}");
        assert!(html.contains(r#"<span data-replies="1">1 réponse</span>"#), "{html}");
        assert!(html.contains(r#"par <a href="/u/7">Amélie &lt;b&gt;Roux&lt;/b&gt;</a>"#), "{html}");
        assert!(html.contains(r#"<time datetime="2026-11-30T12:00:00Z">30 nov. 2026 à 13:00</time>"#), "{html}");
        assert!(!html.contains("<script>") && !html.contains("<b>"), "{html}");
        assert_eq!(html.matches("<li").count(), 3, "the row and its two tags");
    }

    #[test]
    fn rows_follow_the_order_given_and_an_open_thread_is_not_locked() {
        let mut second = summary();
        second.id = 43;
        second.status = ThreadStatus::Open;
        second.locked = false;
        second.tags.clear();
        let html = rows_html(&[second, summary()]);
        let (a, b) = (html.find(r#"data-thread="43""#).unwrap(), html.find(r#"data-thread="42""#).unwrap());
        assert!(a < b);
        assert_eq!(html.matches("data-locked").count(), 1);
        assert!(html[..b].contains(r#"<ul class="tags"></ul>"#));
    }
}
