//! The search box's syntax: operators, errors, limits, rewriting, orders.

use super::*;
use Clause::*;

fn clauses(q: &str) -> Vec<Clause> {
    let parsed = SearchQuery::parse(q);
    assert!(parsed.errors.is_empty(), "{q:?}: {:?}", parsed.errors);
    parsed.clauses
}

fn errors(q: &str) -> Vec<String> {
    SearchQuery::parse(q).errors
}

#[test]
fn every_operator_is_parsed() {
    assert_eq!(
        clauses(r#"solution:geoserver standard:WFS status:resolved is:open author:dupont before:2026-01-01 after:2025-06-01 "exact phrase" -word moissonnage"#),
        vec![
            Solution("geoserver".into()),
            Standard("WFS".into()),
            Status(ThreadStatus::Resolved),
            Status(ThreadStatus::Open),
            Author("dupont".into()),
            Before("2026-01-01".into()),
            After("2025-06-01".into()),
            Phrase("exact phrase".into()),
            Exclude("word".into()),
            Word("moissonnage".into()),
        ]
    );
    assert_eq!(clauses(r#"author:"Marie Dupont" -"pas ça""#), vec![Author("Marie Dupont".into()), Exclude("pas ça".into())]);
}

#[test]
fn identifiers_stay_words_as_typed() {
    assert_eq!(
        clauses("EPSG:2154 ows:ExceptionReport 2.25.1 GetCapabilities"),
        vec![Word("EPSG:2154".into()), Word("ows:ExceptionReport".into()), Word("2.25.1".into()), Word("GetCapabilities".into())]
    );
    // Before a quoted text, an unknown key stays apart from it: `crs:` is searched, then the text.
    assert_eq!(clauses(r#"crs:"EPSG 2154""#), vec![Word("crs: EPSG 2154".into())]);
}

#[test]
fn errors_are_french_and_the_rest_is_kept() {
    let q = SearchQuery::parse("status:fini csw");
    assert_eq!(q.clauses, vec![Word("csw".into())]);
    assert!(q.errors[0].starts_with("Statut inconnu : « fini »"), "{:?}", q.errors);
    assert!(errors("before:2026-13-01")[0].starts_with("Date invalide"));
    assert!(errors("after:hier")[0].starts_with("Date invalide"));
    assert!(errors("solution:")[0].contains("attend une valeur"));
    assert!(errors("-solution:qgis")[0].contains("ne peut pas être exclu"));
    let unclosed = SearchQuery::parse(r#"wfs "pagination cassée"#);
    assert!(unclosed.errors[0].starts_with("Guillemet non fermé"));
    assert_eq!(unclosed.clauses, vec![Word("wfs".into()), Phrase("pagination cassée".into())]);
}

#[test]
fn queries_are_bounded() {
    let long = "a".repeat(SEARCH_QUERY_MAX_CHARS + 50);
    let q = SearchQuery::parse(&long);
    assert!(q.errors[0].starts_with("Recherche trop longue"));
    let many = (0..SEARCH_TERMS_MAX + 5).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
    let q = SearchQuery::parse(&many);
    assert_eq!(q.clauses.len(), SEARCH_TERMS_MAX);
    assert!(q.errors[0].starts_with("Trop de termes"));
    // The limits themselves are allowed.
    assert!(SearchQuery::parse(&"a".repeat(SEARCH_QUERY_MAX_CHARS)).errors.is_empty());
    let enough = (0..SEARCH_TERMS_MAX).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
    assert!(SearchQuery::parse(&enough).errors.is_empty());
}

#[test]
fn filters_are_removed_and_added_by_rewriting_the_query() {
    let q = SearchQuery::parse(r#"csw solution:geoserver author:"Marie Dupont""#);
    assert_eq!(q.render_without(Some(1)), r#"csw author:"Marie Dupont""#);
    assert_eq!(q.render_with(&[Status(ThreadStatus::Resolved)]), r#"csw solution:geoserver author:"Marie Dupont" status:resolved"#);
    assert_eq!(q.render_with(&[Solution("geoserver".into())]), q.render_without(None));
    let year = [After("2025-01-01".into()), Before("2026-01-01".into())];
    assert_eq!(SearchQuery::parse("after:2025-01-01").render_with(&year), "after:2025-01-01 before:2026-01-01");
    assert_eq!(SearchQuery::parse("").render_with(&year), "after:2025-01-01 before:2026-01-01");
    assert_eq!(SearchQuery::parse(&q.render_with(&[Solution("qgis".into())])).clauses.len(), 4);
    assert_eq!(SearchQuery::parse("is:resolved is:resolved").clauses.len(), 1);
    assert!(!SearchQuery::parse("solution:qgis").has_text());
    assert_eq!(search_href("a&b é", SearchSort::Newest, 2), "/search?q=a%26b%20%C3%A9&sort=newest&page=2");
    assert_eq!(SearchSort::parse("<script>"), SearchSort::Relevance);
}

#[test]
fn a_filter_typed_twice_counts_once_and_words_stay_as_typed() {
    let q = SearchQuery::parse("csw solution:qgis csw solution:qgis");
    assert_eq!(q.clauses, [Clause::Word("csw".into()), Clause::Solution("qgis".into()), Clause::Word("csw".into())]);
}

#[test]
fn an_order_is_read_by_its_name_and_anything_else_is_relevance() {
    for sort in SearchSort::ALL {
        assert_eq!(SearchSort::parse(sort.as_str()), sort);
    }
    assert_eq!(SearchSort::parse("random"), SearchSort::Relevance);
    let labels = SearchSort::ALL.map(SearchSort::label);
    assert_eq!(labels, ["Pertinence", "Plus récents", "Dernière activité"]);
}

#[test]
fn each_filter_s_example_is_itself_a_query_with_that_filter() {
    for key in FILTER_KEYS {
        let q = SearchQuery::parse(example(key));
        assert!(q.errors.is_empty(), "{key}: {:?}", q.errors);
        let [clause] = q.clauses.as_slice() else { panic!("{key}: {:?}", q.clauses) };
        let key_of_clause = match clause {
            Solution(_) => "solution",
            Standard(_) => "standard",
            Status(_) => "status",
            Author(_) => "author",
            Before(_) => "before",
            After(_) => "after",
            Word(_) | Phrase(_) | Exclude(_) => "text",
        };
        let expected = if key == "is" { "status" } else { key };
        assert_eq!(key_of_clause, expected, "example of {key}: {}", example(key));
    }
}

#[test]
fn a_query_has_text_with_a_word_or_a_phrase_and_none_with_filters_only() {
    assert!(SearchQuery::parse("moissonnage").has_text());
    assert!(SearchQuery::parse(r#"solution:qgis "pagination cassée""#).has_text());
    assert!(!SearchQuery::parse("solution:qgis is:resolved before:2026-01-01").has_text());
    assert!(!SearchQuery::parse("").has_text());
}
