use crate::domain::search_results::SearchPage;
use leptos::prelude::*;

/// One page of search results; `page` as it came in the address (bounded and
/// checked here: a bad one is a 404).
#[server]
pub async fn search_threads(q: String, sort: String, page: Option<String>) -> Result<SearchPage, ServerFnError> {
    use crate::error::AppError;
    let page = crate::domain::PageNumber::parse(page.as_deref())
        .ok_or_else(|| super::fail(AppError::NotFound("Cette page de résultats n’existe pas.".into())))?;
    let index = use_context::<crate::search::SearchIndex>()
        .ok_or_else(|| super::fail(AppError::Internal("search index missing from context".into())))?;
    crate::forum::search::search(&super::db()?, &index, &q, &sort, page).await.map_err(super::fail)
}

/// Threads like the one being written on `/new` (its title and message so far).
#[server]
pub async fn similar_threads(title: String, body: String) -> Result<Vec<crate::domain::search_results::SimilarThread>, ServerFnError> {
    use crate::error::AppError;
    let index = use_context::<crate::search::SearchIndex>()
        .ok_or_else(|| super::fail(AppError::Internal("search index missing from context".into())))?;
    crate::forum::similar::similar_threads(&super::db()?, &index, &title, &body).await.map_err(super::fail)
}
