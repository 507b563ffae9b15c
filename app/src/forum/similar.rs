//! Threads like the one being written (title and message so far), shown on
//! `/new` so that a problem already discussed is not posted twice.

use crate::domain::limits::{SEARCH_TERMS_MAX, SIMILAR_THREADS_MAX};
use crate::domain::search_results::SimilarThread;
use crate::error::AppResult;
use crate::search::{SearchIndex, SearchRequest};
use crate::store::{self, Db};

/// The words to look for: the title's first, then the message's; no search
/// syntax (a typed `status:` or `-mot` is a word like another), words of
/// fewer than three letters left out.
pub fn words(title: &str, body: &str) -> Vec<String> {
    title
        .split_whitespace()
        .chain(body.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| w.chars().count() >= 3)
        .take(SEARCH_TERMS_MAX)
        .collect()
}

/// Up to `SIMILAR_THREADS_MAX` threads, the most similar first.
pub async fn similar_threads(db: &Db, index: &SearchIndex, title: &str, body: &str) -> AppResult<Vec<SimilarThread>> {
    let words = words(title, body);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    // By relevance, the default order; no total and no facets to count.
    let request = SearchRequest { words, limit: SIMILAR_THREADS_MAX, ..Default::default() };
    let ids: Vec<i64> = index.search(&request)?.hits.into_iter().map(|h| h.id).collect();
    let summaries = store::threads::summaries(db, &ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| summaries.iter().find(|t| t.id == *id))
        .map(|t| SimilarThread { id: t.id, title: t.title.clone(), status: t.status })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_come_from_the_title_first_without_syntax() {
        assert_eq!(words("Le moissonnage CSW", "échoue -toujours status:open"), ["moissonnage", "CSW", "échoue", "toujours", "status:open"]);
        assert!(words("a b", "").is_empty());
    }
}
