use super::util::{echo_for, not_found, param_id, query};
use crate::api::threads::get_thread;
use crate::components::{
    ControlledThread, DateTime, PageData, PageTitle, Pager, PostCard, RefusalNotice, Region, ReplyStart, StatusBadge,
    SubscribeBox, TagList, ThreadControls, ViewerRegion,
};
use crate::domain::views::{ThreadPage, permalink, thread_href, thread_page_href};
use crate::domain::{PageNumber, TargetRef};
use leptos::prelude::*;

#[component]
pub fn ThreadPageView() -> impl IntoView {
    let id = param_id("id");
    // `?page=` past the thread's last page, or not a page number, is a 404.
    let page = PageNumber::parse(query("page").as_deref());
    let load = move || async move {
        match (id, page) {
            (Some(id), Some(page)) => get_thread(id, page).await,
            _ => Err(not_found("Ce fil n’existe pas.")),
        }
    };
    view! { <PageData load show=|page| view! { <ThreadView page /> } /> }
}

/// The links to the thread's other pages.
#[component]
fn ThreadPager(id: i64, title: String, page: i64, pages: i64) -> impl IntoView {
    view! { <Pager page pages href_for=move |p| thread_page_href(id, &title, p) /> }
}

#[component]
fn ThreadView(page: ThreadPage) -> impl IntoView {
    let s = page.summary.clone();
    let controlled = ControlledThread { id: s.id, title: s.title.clone(), status: s.status, page: page.page, facts: page.facts };
    let path = controlled.path();
    // The forms this viewer sees on the page; a refusal of any other is
    // told, with what was typed, at the top (`RefusalNotice`).
    let mut shown = Vec::new();
    if page.rights.can_reply {
        shown.push((format!("{path}/reply"), "reply"));
    }
    if page.rights.can_change_status {
        shown.push((format!("{path}/status"), "workflow"));
    }
    let resolution = page.resolution.clone();
    let (rights, can_reply, facts) = (page.rights, page.rights.can_reply, page.facts);
    let opening_author = page.posts.first().map(|p| p.author.name.clone()).unwrap_or_default();
    view! {
        <PageTitle text=s.title.clone() />
        <RefusalNotice shown />
        <article class="thread" aria-labelledby="thread-title" data-thread=s.id>
            <header class="thread__header">
                <p class="thread__number">{format!("Fil n° {}", s.id)}</p>
                <h1 id="thread-title">{s.title.clone()}</h1>
                <div class="thread__status">
                    <StatusBadge status=s.status locked=s.locked />
                    {page.duplicate_of.clone().map(|(n, t)| view! {
                        <span>"Doublon du fil " <a href=thread_href(n, &t)>{format!("n° {n} — {t}")}</a></span>
                    })}
                </div>
                <TagList tags=s.tags.clone() />
                <p class="thread__meta">
                    "Ouvert par " <a href=format!("/u/{}", s.author_id)>{opening_author}</a>
                    {page.author_organisation.clone().map(|o| view! { " (" {o} ")" })}
                    " le " <DateTime ts=s.created_at />
                    " · " <span data-replies=s.reply_count>{crate::components::thread_rows::replies_text(s.reply_count)}</span>
                </p>
                {page.source_list.clone().map(|list| view! {
                    <p class="thread__source" data-source-list=list.clone()>
                        "Discussion importée de la liste de diffusion « " {list.clone()} " » : les dates sont celles des messages ; "
                        "leurs auteurs ne reçoivent pas les réponses écrites ici."
                    </p>
                })}
            </header>

            {resolution.map(|post| view! {
                <section class="resolution" aria-labelledby="resolution-title">
                    <h2 id="resolution-title">"Résolution"</h2>
                    <p class="resolution__by">
                        "Apportée par " {post.author.name.clone()} " — "
                        <a href=permalink(post.id) data-permalink=post.id>"voir dans la discussion"</a>
                    </p>
                    <div class="post-body" inner_html=post.body_html.clone()></div>
                </section>
            })}

            <ThreadPager id=s.id title=s.title.clone() page=page.page pages=page.pages />
            <section class="posts" aria-label="Discussion">
                {page.posts.iter().cloned().map(|post| {
                    let is_resolution = page.resolution.as_ref().is_some_and(|r| r.id == post.id);
                    view! { <PostCard post thread_path=path.clone() page=page.page can_reply thread=facts is_resolution /> }
                }).collect_view()}
            </section>
            <ThreadPager id=s.id title=s.title.clone() page=page.page pages=page.pages />

            {(!page.events.is_empty()).then(|| view! {
                <section class="events" aria-labelledby="events-title">
                    <h2 id="events-title">"Historique"</h2>
                    <ul>
                        {page.events.iter().cloned().map(|e| view! {
                            <li>{e.actor_name} " " {e.kind.text()} " — " <DateTime ts=e.created_at /></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}

            <SubscribeBox target=TargetRef::Thread(s.id) what="ce fil" next=path.clone() />
            <ViewerRegion region=Region::ThreadControls(controlled.clone())>
                <ThreadControls thread=controlled rights start=reply_start(&page, &path) />
            </ViewerRegion>
        </article>
    }
    // Erased: the page's full type is deeper than the compiler's recursion limit.
    .into_any()
}

/// Where this page's reply box starts: a refused reply as it was typed, or
/// `?reply_to=N` answering post N, `?quote=N` also quoting it.
fn reply_start(page: &ThreadPage, path: &str) -> ReplyStart {
    let find = |id: i64| page.posts.iter().find(|p| p.id == id && !p.deleted);
    let (parent_id, body) = match echo_for(&format!("{path}/reply")) {
        Some(e) => (e.value("parent_id").unwrap_or_default().to_string(), e.value("body").unwrap_or_default().to_string()),
        None => {
            let quote_id: Option<i64> = query("quote").and_then(|q| q.parse().ok());
            let reply_to: Option<i64> = query("reply_to").and_then(|q| q.parse().ok()).or(quote_id);
            let parent = reply_to.and_then(find).map(|p| p.id.to_string()).unwrap_or_default();
            let quoted = quote_id
                .and_then(find)
                .map(|p| {
                    let lines: Vec<String> = p.body_md.lines().map(|l| format!("> {l}")).collect();
                    format!("{} a écrit :\n{}\n\n", p.author.name, lines.join("\n"))
                })
                .unwrap_or_default();
            (parent, quoted)
        }
    };
    let answering = parent_id.parse::<i64>().ok().and_then(find).map(|p| (p.id, p.author.name.clone()));
    ReplyStart { parent_id, answering, body }
}
