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
