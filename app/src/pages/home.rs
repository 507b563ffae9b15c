use super::util::{not_found, query};
use crate::components::number::grouped;
use crate::api::threads::{list_threads, tag_choices};
use crate::components::{PageData, PageTitle, PagerLinks, SubscribeBox, ThreadRows};
use crate::domain::safe_next::query_encode;
use crate::domain::{ListCursor, PageNumber, TagKind, TargetRef, ThreadStatus, views::{TagChoice, ThreadFilter, ThreadList}};
use leptos::prelude::*;

/// The latest threads, filtered by solution, standard and status (a GET form,
/// so a filtered list is a link one can share).
#[component]
pub fn HomePage() -> impl IntoView {
    // A page number or cursor that is not one (`?page=abc`, `?page=0`, past
    // the limit, `?after=x`) is a 404.
    let page = PageNumber::parse(query("page").as_deref());
    let cursor = ListCursor::from_query(query("after").as_deref(), query("before").as_deref());
    let filter = page.zip(cursor).map(|(page, cursor)| ThreadFilter {
        solution: query("solution"),
        standard: query("standard"),
        status: query("status"),
        cursor,
        page,
    });
    let load = move || {
        let filter = filter.clone();
        async move {
            let filter = filter.ok_or_else(|| not_found("Cette page de la liste n’existe pas."))?;
            let choices = tag_choices().await.unwrap_or_default();
            let list = list_threads(filter.clone()).await?;
            Ok((filter, choices, list))
        }
    };
    view! {
        <PageTitle text="Derniers fils" />
        <h1>"Derniers fils"</h1>
        <PageData load show=|(filter, choices, list)| view! { <FilteredList filter choices list /> } />
    }
}

/// The filter form, the count, one page of threads and the links to the others.
#[component]
fn FilteredList(filter: ThreadFilter, choices: Vec<TagChoice>, list: ThreadList) -> impl IntoView {
    let prev = list.prev.map(|c| page_href(&filter, c, list.page - 1));
    let next = list.next.map(|c| page_href(&filter, c, list.page + 1));
    let empty = list.threads.is_empty();
    // A map cell's list (one solution and one standard): that pair can be followed.
    let pair = match (&filter.solution, &filter.standard) {
        (Some(s), Some(t)) if list.page == 1 => Some((s.clone(), t.clone())),
        _ => None,
    };
    view! {
        <FilterForm filter choices />
        {pair.map(|(solution, standard)| {
            let next = format!("/?solution={}&standard={}", query_encode(&solution), query_encode(&standard));
            view! { <SubscribeBox target=TargetRef::Pair { solution, standard } what="ce couple solution × norme" next /> }
        })}
        <p class="list-count" aria-live="polite" data-total=list.total>
            {match list.total {
                0 => "Aucun fil ne correspond.".to_string(),
                1 => "1 fil".to_string(),
                n => format!("{} fils", grouped(n)),
            }}
        </p>
        {(!empty).then(|| view! {
            <ThreadRows threads=list.threads />
        })}
        <PagerLinks page=list.page pages=list.pages prev next />
    }
}

/// The page of the filtered list that `cursor` names, numbered `page`.
fn page_href(f: &ThreadFilter, cursor: ListCursor, page: i64) -> String {
    let mut parts = Vec::new();
    for (k, v) in [("solution", &f.solution), ("standard", &f.standard), ("status", &f.status)] {
        if let Some(v) = v {
            parts.push(format!("{k}={}", query_encode(v)));
        }
    }
    if let Some((k, v)) = cursor.query_pair() {
        parts.push(format!("{k}={v}"));
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() { "/".to_string() } else { format!("/?{}", parts.join("&")) }
}

#[component]
fn FilterForm(filter: ThreadFilter, choices: Vec<TagChoice>) -> impl IntoView {
    let status = filter.status.clone();
    view! {
        <form class="filters" method="get" action="/" role="search" aria-label="Filtrer les fils">
            <TagFilter kind=TagKind::Solution choices=choices.clone() selected=filter.solution.clone() />
            <TagFilter kind=TagKind::Standard choices selected=filter.standard.clone() />
            <div class="field">
                <label for="f-status">"Statut"</label>
                <select id="f-status" name="status">
                    <option value="">"Tous"</option>
                    <option value="unsettled" selected=status.as_deref() == Some("unsettled")>
                        "En attente (ouvert, besoin d’informations, confirmé)"
                    </option>
                    {ThreadStatus::ALL
                        .into_iter()
                        .map(|s| {
                            let sel = status.as_deref() == Some(s.as_str());
                            view! { <option value=s.as_str() selected=sel>{s.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Filtrer"</button>
        </form>
    }
}

/// The choice of one kind of tag to filter by ("Toutes" for none).
#[component]
fn TagFilter(kind: TagKind, choices: Vec<TagChoice>, selected: Option<String>) -> impl IntoView {
    let name = match kind {
        TagKind::Solution => "solution",
        TagKind::Standard => "standard",
    };
    let id = format!("f-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{kind.label()}</label>
            <select id=id name=name>
                <option value="">"Toutes"</option>
                {choices.into_iter().filter(|c| c.kind == kind).map(|c| {
                    let sel = selected.as_deref() == Some(c.slug.as_str());
                    view! { <option value=c.slug selected=sel>{c.name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
