use super::util::query;
use crate::components::number::grouped;
use crate::api::search::search_threads;
use crate::components::{PageData, PageTitle, Pager, SearchFacets, SearchHits};
use crate::domain::limits::{SEARCH_QUERY_MAX_CHARS, SEARCH_RESULTS_PER_PAGE};
use crate::domain::search_query::{SearchSort, search_href};
use crate::domain::search_results::SearchPage;
use leptos::prelude::*;

/// `/search?q=…&sort=…&page=…`: threads ranked by relevance (or date), with
/// facets to narrow them and the query syntax explained on the page.
#[component]
pub fn SearchPageView() -> impl IntoView {
    let q = query("q").unwrap_or_default();
    let sort = query("sort").unwrap_or_default();
    let page = query("page");
    let title = if q.trim().is_empty() { "Recherche".to_string() } else { format!("Recherche : {}", q.trim()) };
    let load = {
        let (q, sort) = (q.clone(), sort.clone());
        move || search_threads(q.clone(), sort.clone(), page.clone())
    };
    view! {
        <PageTitle text=title />
        <h1>"Rechercher dans les fils"</h1>
        <SearchForm q=q.clone() sort=SearchSort::parse(&sort) />
        <PageData load show=|page| view! { <Results page /> } />
        <SyntaxHelp />
    }
}

#[component]
fn SearchForm(q: String, sort: SearchSort) -> impl IntoView {
    view! {
        <form class="search-form" role="search" method="get" action="/search" aria-label="Rechercher">
            <div class="field search-form__q">
                <label for="search-q">"Mots, expressions exactes entre guillemets, filtres"</label>
                <input id="search-q" type="search" name="q" value=q maxlength=SEARCH_QUERY_MAX_CHARS aria-describedby="search-syntax-hint" />
                <p class="hint" id="search-syntax-hint">"Par exemple : moissonnage CSW solution:geonetwork is:resolved (syntaxe détaillée plus bas)."</p>
            </div>
            <div class="field">
                <label for="search-sort">"Trier par"</label>
                <select id="search-sort" name="sort">
                    {SearchSort::ALL
                        .into_iter()
                        .map(|s| view! { <option value=s.as_str() selected=s == sort>{s.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Rechercher"</button>
        </form>
    }
}

#[component]
fn Results(page: SearchPage) -> impl IntoView {
    let (q, sort) = (page.q.clone(), page.sort);
    let href_for = move |p: i64| search_href(&q, sort, p);
    let first = ((page.page - 1) * SEARCH_RESULTS_PER_PAGE) as usize;
    let count = match page.total {
        0 => "Aucun fil ne correspond.".to_string(),
        1 => "1 fil trouvé".to_string(),
        n => format!("{} fils trouvés", grouped(n)),
    };
    view! {
        {(!page.messages.is_empty()).then(|| view! {
            <div class="notice search-messages" role="status" data-search-messages="">
                <p>"Une partie de la recherche n’a pas été comprise ; voici les résultats pour le reste."</p>
                <ul>{page.messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </div>
        })}
        <div class="search-layout">
            <div class="search-results">
                <p class="list-count" aria-live="polite" data-total=page.total>{count}</p>
                {(!page.hits.is_empty()).then(|| view! { <SearchHits hits=page.hits first /> })}
                <Pager page=page.page pages=page.pages href_for />
            </div>
            <SearchFacets groups=page.facets active=page.active />
        </div>
    }
}

/// The query syntax, on the page itself.
#[component]
fn SyntaxHelp() -> impl IntoView {
    let rows: [(&str, &str); 10] = [
        ("moissonnage csw", "des fils contenant l’un de ces mots ; ceux qui les contiennent tous d’abord (accents, pluriels et conjugaisons n’importent pas)"),
        ("\"exact phrase\"", "ces mots, dans cet ordre"),
        ("-mot", "sans ce mot (ou -\"expression\")"),
        ("EPSG:2154 ows:ExceptionReport 2.25.1", "identifiants, codes d’erreur et versions, tels qu’écrits"),
        ("solution:geoserver", "fils étiquetés avec cette solution (slug, nom ou synonyme)"),
        ("standard:wfs", "fils étiquetés avec cette norme (slug, nom ou synonyme)"),
        ("status:resolved ou is:resolved", "fils de ce statut : open, needs_info, confirmed, resolved, wont_fix, duplicate"),
        ("author:NOM", "fils commencés par ce membre (author:\"Marie Dupont\" pour un nom en plusieurs mots)"),
        ("before:2026-01-01", "fils commencés avant ce jour"),
        ("after:2025-06-01", "fils commencés ce jour ou après"),
    ];
    view! {
        <section class="search-syntax card" aria-labelledby="search-syntax-title">
            <h2 id="search-syntax-title">"Syntaxe de recherche"</h2>
            <dl class="search-syntax__list">
                {rows.into_iter().map(|(example, meaning)| view! {
                    <dt><code>{example}</code></dt>
                    <dd>{meaning}</dd>
                }).collect_view()}
            </dl>
            <p>
                {format!("Une recherche compte au plus {SEARCH_QUERY_MAX_CHARS} caractères et {} termes ; ", crate::domain::limits::SEARCH_TERMS_MAX)}
                {format!("{SEARCH_RESULTS_PER_PAGE} résultats par page. Une recherche vide liste les fils les plus récemment actifs.")}
            </p>
        </section>
    }
}
