use leptos::prelude::*;

/// "Page précédente / suivante" links for numbered pages; `href_for(page)`
/// builds each URL so filters are kept.
#[component]
pub fn Pager(page: i64, pages: i64, href_for: impl Fn(i64) -> String + 'static) -> impl IntoView {
    let prev = (page > 1).then(|| href_for(page - 1));
    let next = (page < pages).then(|| href_for(page + 1));
    view! { <PagerLinks page pages prev next /> }
}

/// The pager itself, given the addresses of the pages around this one (a
/// list paged by cursor knows them, not a formula).
#[component]
pub fn PagerLinks(page: i64, pages: i64, prev: Option<String>, next: Option<String>) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pagination" data-page=page data-pages=pages>
                {prev.map(|h| view! { <a href=h rel="prev">"Page précédente"</a> })}
                <span>{format!("Page {page} sur {pages}")}</span>
                {next.map(|h| view! { <a href=h rel="next">"Page suivante"</a> })}
            </nav>
        }
    })
}
