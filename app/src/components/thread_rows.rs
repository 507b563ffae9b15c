use super::{DateTime, StatusBadge, TagList};
use crate::domain::views::{ThreadSummary, thread_href};
use leptos::prelude::*;

pub fn replies_text(n: i64) -> String {
    match n {
        0 => "0 réponse".to_string(),
        1 => "1 réponse".to_string(),
        n => format!("{n} réponses"),
    }
}

/// One thread in a list: status, title, tags, replies, last activity.
#[component]
pub fn ThreadRow(thread: ThreadSummary) -> impl IntoView {
    let href = thread_href(thread.id, &thread.title);
    view! {
        <li class="thread-row" data-thread=thread.id>
            <div class="thread-row__main">
                <StatusBadge status=thread.status locked=thread.locked />
                <a class="thread-row__title" href=href>
                    {thread.title}
                </a>
                <TagList tags=thread.tags />
            </div>
            <div class="thread-row__meta">
                <span class="thread-row__number">{format!("n° {}", thread.id)}</span>
                <span data-replies=thread.reply_count>{replies_text(thread.reply_count)}</span>
                <span>"par " <a href=format!("/u/{}", thread.author_id)>{thread.author_name}</a></span>
                <span>"activité : " <DateTime ts=thread.last_activity_at /></span>
            </div>
        </li>
    }
}
