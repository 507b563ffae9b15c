//! Searching threads: the rules between what a member typed and the index.
//! Tag filters accept a slug, a name or a synonym (resolved here against the
//! database); a clause that cannot be understood is reported and left out,
//! never an error page.

use crate::domain::limits::{SEARCH_FACET_VALUES_MAX, SEARCH_PAGES_MAX, SEARCH_RESULTS_PER_PAGE};
use crate::domain::search_query::{Clause, SearchQuery, SearchSort, search_href};
use crate::domain::search_results::{ActiveFilter, FacetGroup, FacetValue, SearchHit, SearchPage};
use crate::domain::{PageNumber, TagKind, ThreadStatus};
use crate::error::{AppError, AppResult};
use crate::search::{SearchIndex, SearchRequest};
use crate::store::{self, Db};
use std::collections::HashMap;

/// Midnight at the start of `day` (`YYYY-MM-DD`), Paris time, in unix seconds.
fn paris_midnight(day: &str) -> Option<i64> {
    let date: jiff::civil::Date = day.parse().ok()?;
    Some(crate::domain::paris::PARIS.to_timestamp(date.to_datetime(jiff::civil::Time::midnight())).ok()?.as_second())
}

/// A search as typed, turned into what the index is asked: tag filters
/// resolved, dates as instants, the page as an offset.
pub struct Prepared {
    pub query: SearchQuery,
    pub request: SearchRequest,
    pub requested_sort: SearchSort,
    pub active: Vec<ActiveFilter>,
    pub messages: Vec<String>,
}

pub async fn prepare(db: &Db, raw: &str, sort: &str, page: PageNumber) -> AppResult<Prepared> {
    let query = SearchQuery::parse(raw);
    let mut messages = query.errors.clone();
    let requested_sort = SearchSort::parse(sort);
    let mut r = SearchRequest::default();
    let mut active = Vec::new();
    let remove = |i: usize| search_href(&query.render_without(Some(i)), requested_sort, 1);
    for (i, clause) in query.clauses.iter().enumerate() {
        match clause {
            Clause::Word(w) => r.words.push(w.clone()),
            Clause::Phrase(p) => r.phrases.push(p.clone()),
            Clause::Exclude(x) => r.excluded.push(x.clone()),
            Clause::Solution(t) | Clause::Standard(t) => {
                let kind = if matches!(clause, Clause::Solution(_)) { TagKind::Solution } else { TagKind::Standard };
                match store::search_source::resolve_tag(db, kind, t).await? {
                    Some(tag) => {
                        active.push(ActiveFilter { label: format!("{} : {}", kind.label(), tag.name), remove_href: remove(i) });
                        match kind {
                            TagKind::Solution => r.solutions.push(tag.slug),
                            TagKind::Standard => r.standards.push(tag.slug),
                        }
                    }
                    None => messages.push(format!("{} inconnue : « {t} » ; ce filtre est ignoré.", kind.label())),
                }
            }
            Clause::Status(s) => {
                active.push(ActiveFilter { label: format!("Statut : {}", s.label()), remove_href: remove(i) });
                r.statuses.push(*s);
            }
            Clause::Author(a) => {
                active.push(ActiveFilter { label: format!("Auteur : {a}"), remove_href: remove(i) });
                r.authors.push(a.clone());
            }
            Clause::Before(d) | Clause::After(d) => {
                let before = matches!(clause, Clause::Before(_));
                let at = paris_midnight(d).ok_or_else(|| AppError::Internal(format!("a parsed day {d} has no Paris midnight")))?;
                let label = if before { format!("Commencé avant le {d}") } else { format!("Commencé depuis le {d}") };
                active.push(ActiveFilter { label, remove_href: remove(i) });
                if before {
                    r.before = Some(r.before.map_or(at, |b| b.min(at)));
                } else {
                    r.after = Some(r.after.map_or(at, |a| a.max(at)));
                }
            }
        }
    }
    // Without words to rank by, the most recently active come first.
    r.sort = if !query.has_text() && requested_sort == SearchSort::Relevance { SearchSort::Activity } else { requested_sort };
    if page.get() > SEARCH_PAGES_MAX {
        return Err(AppError::NotFound(format!(
            "Les résultats s’arrêtent à la page {SEARCH_PAGES_MAX} : précisez la recherche pour trouver la suite."
        )));
    }
    r.limit = SEARCH_RESULTS_PER_PAGE as usize;
    r.offset = page.offset(SEARCH_RESULTS_PER_PAGE) as usize;
    r.counts = true;
    Ok(Prepared { query, request: r, requested_sort, active, messages })
}

pub async fn search(db: &Db, index: &SearchIndex, raw: &str, sort: &str, page: PageNumber) -> AppResult<SearchPage> {
    let Prepared { query, request, requested_sort, active, messages } = prepare(db, raw, sort, page).await?;
    let found = index.search(&request)?;
    let pages = ((found.total as i64 + SEARCH_RESULTS_PER_PAGE - 1) / SEARCH_RESULTS_PER_PAGE).clamp(1, SEARCH_PAGES_MAX);
    if page.get() > pages {
        return Err(AppError::NotFound(format!("Cette recherche n’a que {pages} page(s) de résultats.")));
    }
    let ids: Vec<i64> = found.hits.iter().map(|h| h.id).collect();
    let mut summaries: HashMap<i64, _> = store::threads::summaries(db, &ids).await?.into_iter().map(|t| (t.id, t)).collect();
    let hits = found
        .hits
        .into_iter()
        .filter_map(|h| {
            summaries.remove(&h.id).map(|thread| SearchHit { thread, resolution: h.resolution, snippet: h.snippet })
        })
        .collect();
    let facets = facet_groups(db, &query, requested_sort, &found.facets).await?;
    Ok(SearchPage {
        q: query.render_without(None),
        sort: requested_sort,
        hits,
        total: found.total,
        page: page.get(),
        pages,
        facets,
        active,
        messages,
    })
}

/// The facets beside the results, most frequent values first, each a link
/// that adds its filter to the search. Values are sorted as they are counted,
/// borrowed; the label, link and key are made for the values shown only: a
/// large forum's search has a value for nearly every tag, and each link
/// renders the search again.
async fn facet_groups(db: &Db, query: &SearchQuery, sort: SearchSort, counts: &[(String, u64)]) -> AppResult<Vec<FacetGroup>> {
    let names: HashMap<String, String> = store::tags::choices(db).await?.into_iter().map(|c| (c.slug, c.name)).collect();
    let mut groups = Vec::new();
    for (name, label) in [("solution", "Solution"), ("standard", "Norme"), ("status", "Statut"), ("year", "Année")] {
        let prefix = format!("/{name}/");
        let mut values: Vec<Counted> = Vec::new();
        for (path, count) in counts {
            let Some(value) = path.strip_prefix(&prefix) else { continue };
            let (label, filter) = match name {
                "solution" => (names.get(value).map_or(value, String::as_str), Filter::Solution),
                "standard" => (names.get(value).map_or(value, String::as_str), Filter::Standard),
                "status" => match ThreadStatus::parse(value) {
                    Some(s) => (s.label(), Filter::Status(s)),
                    None => continue,
                },
                _ => match value.parse::<i32>() {
                    Ok(y) => (value, Filter::Year(y)),
                    Err(_) => continue,
                },
            };
            values.push(Counted { value, label, count: *count, filter });
        }
        if name == "year" {
            values.sort_by(|a, b| b.value.cmp(a.value));
        } else {
            // Labels compared lower-cased, character by character, without making them.
            fn lower(label: &str) -> impl Iterator<Item = char> + '_ {
                label.chars().flat_map(char::to_lowercase)
            }
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| lower(a.label).cmp(lower(b.label))));
        }
        values.truncate(SEARCH_FACET_VALUES_MAX);
        let values: Vec<FacetValue> = values
            .into_iter()
            .map(|v| FacetValue {
                label: v.label.to_string(),
                count: v.count,
                href: search_href(&query.render_with(&v.filter.clauses(v.value)), sort, 1),
                key: format!("{name}:{}", v.value),
            })
            .collect();
        if !values.is_empty() {
            groups.push(FacetGroup { name: name.to_string(), label: label.to_string(), values });
        }
    }
    Ok(groups)
}

/// A facet's value as counted, before the values shown are picked.
struct Counted<'a> {
    value: &'a str,
    label: &'a str,
    count: u64,
    filter: Filter,
}

/// What a facet's value adds to the search.
enum Filter {
    Solution,
    Standard,
    Status(ThreadStatus),
    Year(i32),
}

impl Filter {
    fn clauses(&self, value: &str) -> Vec<Clause> {
        match *self {
            Filter::Solution => vec![Clause::Solution(value.to_string())],
            Filter::Standard => vec![Clause::Standard(value.to_string())],
            Filter::Status(s) => vec![Clause::Status(s)],
            Filter::Year(y) => vec![Clause::After(format!("{y:04}-01-01")), Clause::Before(format!("{:04}-01-01", y + 1))],
        }
    }
}
