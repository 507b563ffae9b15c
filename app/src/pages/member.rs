use super::util::{load_by_id, param_id};
use crate::api::members::get_member;
use crate::components::date::push_date_time;
use crate::components::raw_text::push_escaped;
use crate::components::{DateTime, PageData, PageTitle, ThreadRows};
use crate::domain::limits::MEMBER_PAGE_ITEMS;
use crate::domain::search_query::{Clause, SearchSort, search_href};
use crate::domain::views::{MemberPage, ReplySummary, thread_href};
use leptos::prelude::*;

#[component]
pub fn MemberPageView() -> impl IntoView {
    let id = param_id("id");
    let load = load_by_id(id, "Ce membre n’existe pas.", get_member);
    view! { <PageData load show=|m| view! { <MemberView m /> } /> }
}

#[component]
fn MemberView(m: MemberPage) -> impl IntoView {
    view! {
        <PageTitle text=m.name.clone() />
        <header class="member-header">
            <h1>{m.name.clone()}</h1>
            {m.organisation.clone().map(|o| view! { <p class="lead" data-organisation="">{o}</p> })}
            {m.siret.clone().map(|s| view! { <p class="hint">{format!("SIRET {}", spaced_siret(&s))}</p> })}
            {if m.imported {
                view! {
                    <p class="hint" data-imported-member="">
                        "Auteur importé d’une liste de diffusion (premier message le " <DateTime ts=m.joined_at />
                        ") : il ne se connecte pas au forum."
                    </p>
                }.into_any()
            } else {
                view! { <p class="hint"><span data-role=m.role.as_str()>{m.role.label()}</span> " · inscrit le " <DateTime ts=m.joined_at /></p> }.into_any()
            }}
        </header>
        <section data-list="threads">
            <h2>{format!("Fils ouverts par {}", m.name)}</h2>
            {if m.threads.is_empty() {
                view! { <p class="empty">"Aucun."</p> }.into_any()
            } else {
                view! { <ThreadRows threads=m.threads /> }.into_any()
            }}
            // By name: the search knows authors by name, so a namesake's threads come too.
            {m.more_threads.then(|| {
                let all = search_href(&Clause::Author(m.name.clone()).render(), SearchSort::Newest, 1);
                view! {
                    <p class="hint" data-more="threads">
                        {format!("Les {MEMBER_PAGE_ITEMS} plus récents : ")}
                        <a href=all>"chercher les fils à son nom"</a>
                    </p>
                }
            })}
        </section>
        <ReplyList title="Réponses" list="replies" items=m.replies more=m.more_replies />
        <ReplyList title="Résolutions apportées" list="resolutions" items=m.resolutions more=m.more_resolutions />
    }
}

#[component]
fn ReplyList(title: &'static str, list: &'static str, items: Vec<ReplySummary>, more: bool) -> impl IntoView {
    view! {
        <section data-list=list>
            <h2>{title}</h2>
            {if items.is_empty() {
                view! { <p class="empty">"Aucune."</p> }.into_any()
            } else {
                view! { <ul class="reply-list" inner_html=reply_items_html(&items)></ul> }.into_any()
            }}
            {more.then(|| view! { <p class="hint" data-more=list>{format!("Les {MEMBER_PAGE_ITEMS} plus récentes.")}</p> })}
        </section>
    }
}

/// The `<li>` of each reply: its thread's title linking to it, and its date.
/// Written as one string, as the lists of threads are (`ThreadRows`): up to
/// 50 of them on a page.
fn reply_items_html(items: &[ReplySummary]) -> String {
    let mut out = String::with_capacity(items.len() * 200);
    for r in items {
        out.push_str(r#"<li><a href=""#);
        push_escaped(&mut out, &format!("{}#p{}", thread_href(r.thread_id, &r.thread_title), r.post_id));
        out.push_str(r#"">"#);
        push_escaped(&mut out, &r.thread_title);
        out.push_str("</a> — ");
        push_date_time(&mut out, r.created_at);
        out.push_str("</li>");
    }
    out
}

/// "13002526500013" → "130 025 265 00013" (SIREN in groups of three, then the establishment number).
fn spaced_siret(siret: &str) -> String {
    if siret.len() == 14 && siret.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {} {}", &siret[0..3], &siret[3..6], &siret[6..9], &siret[9..])
    } else {
        siret.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_links_to_its_post_with_its_title_escaped_and_its_date() {
        let items = [
            ReplySummary { post_id: 9, thread_id: 4, thread_title: "WFS <b>& \"CSW\"".into(), created_at: 1_796_040_000 },
            ReplySummary { post_id: 3, thread_id: 2, thread_title: "Projection".into(), created_at: 1_796_040_000 },
        ];
        let html = reply_items_html(&items);
        assert_eq!(html.matches("<li>").count(), 2);
        assert!(html.starts_with(r#"<li><a href="/t/4-wfs-b-csw#p9">WFS &lt;b&gt;&amp; &quot;CSW&quot;</a> — "#), "{html}");
        assert!(html.contains(r#"<time datetime="2026-11-30T12:00:00Z">30 nov. 2026 à 13:00</time></li><li><a href="/t/2-projection#p3">"#), "{html}");
    }
}
