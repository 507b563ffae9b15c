use super::util::param;
use crate::components::number::grouped;
use crate::api::tags::get_tag;
use crate::components::{PageData, PageTitle, SubscribeBox, ThreadRows};
use crate::domain::{TagKind, TargetRef, views::{TagPage, ThreadSummary}};
use leptos::prelude::*;

#[component]
pub fn TagPageView() -> impl IntoView {
    let slug = param("slug");
    view! { <PageData load=move || get_tag(slug.clone()) show=|tag| view! { <TagView tag /> } /> }
}

#[component]
fn TagView(tag: TagPage) -> impl IntoView {
    let filter_key = match tag.kind { TagKind::Solution => "solution", TagKind::Standard => "standard" };
    let all_href = format!("/?{filter_key}={}", tag.slug);
    view! {
        <PageTitle text=tag.name.clone() />
        <header class="tag-header">
            <p class=format!("tag-kind tag-kind--{}", tag.kind.as_str()) data-kind=tag.kind.as_str()>{tag.kind.label()}</p>
            <h1>{tag.name.clone()}</h1>
            {(!tag.description.is_empty()).then(|| view! { <p class="lead">{tag.description.clone()}</p> })}
            {tag.url.clone().map(|u| view! { <p><a href=u.clone() rel="noopener noreferrer">{u.clone()}</a></p> })}
            {(!tag.synonyms.is_empty()).then(|| view! {
                <p class="hint">{format!("Synonymes : {}", tag.synonyms.join(", "))}</p>
            })}
            <p class="tag-actions">
                <a class="button" href=format!("/new?{filter_key}={}", tag.slug)>"Nouveau fil avec ce tag"</a>
                " "
                <a href=all_href.clone()>"Tous les fils de ce tag"</a>
            </p>
            <SubscribeBox target=TargetRef::Tag(tag.slug.clone()) what=match tag.kind {
                TagKind::Solution => "cette solution",
                TagKind::Standard => "cette norme",
            } next=format!("/tags/{}", tag.slug) />
        </header>
        <ThreadGroup title="Fils ouverts" group="open" threads=tag.open total=tag.open_total
            all_href=format!("{all_href}&status=unsettled") />
        <ThreadGroup title="Fils résolus" group="resolved" threads=tag.resolved total=tag.resolved_total
            all_href=format!("{all_href}&status=resolved") />
    }
}

/// A group's latest threads (`TAG_PAGE_THREADS`), and a link to all of them
/// when there are more.
#[component]
fn ThreadGroup(title: &'static str, group: &'static str, threads: Vec<ThreadSummary>, total: i64, all_href: String) -> impl IntoView {
    let shown = threads.len() as i64;
    view! {
        <section class="thread-group" data-group=group data-total=total>
            <h2>{title} <span class="count">{format!(" ({})", grouped(total))}</span></h2>
            {if threads.is_empty() {
                view! { <p class="empty">"Aucun pour l’instant."</p> }.into_any()
            } else {
                view! {
                    <ThreadRows threads=threads />
                    {(total > shown).then(|| view! {
                        <p class="hint">
                            {format!("{shown} affichés sur {} : ", grouped(total))}
                            <a href=all_href data-all=group>"les voir tous"</a>
                        </p>
                    })}
                }
                    .into_any()
            }}
        </section>
    }
}
