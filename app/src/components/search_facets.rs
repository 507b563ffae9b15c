//! Beside a search's results: the active filters, each removable, then the
//! facets with their counts, each value a plain link that adds its filter.
//! Written as one string, as the hits are (`search_hit.rs`): as views, the
//! four facets' 48 links cost more to render than the string costs to
//! write. Every text goes through `push_escaped`.

use super::number::{push_grouped, push_plain};
use super::raw_text::push_escaped;
use crate::domain::search_results::{ActiveFilter, FacetGroup};
use leptos::prelude::*;

#[component]
pub fn SearchFacets(groups: Vec<FacetGroup>, active: Vec<ActiveFilter>) -> impl IntoView {
    view! { <aside class="search-facets" aria-label="Affiner la recherche" inner_html=facets_html(&groups, &active)></aside> }
}

/// The active filters (when any), then each facet's values with their counts.
fn facets_html(groups: &[FacetGroup], active: &[ActiveFilter]) -> String {
    let values: usize = groups.iter().map(|g| g.values.len()).sum();
    let mut out = String::with_capacity(256 + 200 * (active.len() + groups.len() + values));
    if !active.is_empty() {
        out.push_str(r#"<h2 class="search-facets__title">Filtres actifs</h2><ul class="search-active">"#);
        for a in active {
            out.push_str(r#"<li><a class="search-active__remove" href=""#);
            push_escaped(&mut out, &a.remove_href);
            out.push_str(r#"" data-remove-filter=""#);
            push_escaped(&mut out, &a.label);
            out.push_str(r#"">"#);
            push_escaped(&mut out, &a.label);
            out.push_str(r#"<span class="sr-only"> (retirer ce filtre)</span><span aria-hidden="true"> ×</span></a></li>"#);
        }
        out.push_str("</ul>");
    }
    for g in groups {
        out.push_str(r#"<section class="search-facet" data-facet=""#);
        push_escaped(&mut out, &g.name);
        out.push_str(r#""><h2 class="search-facets__title">"#);
        push_escaped(&mut out, &g.label);
        out.push_str("</h2><ul>");
        for v in &g.values {
            out.push_str(r#"<li><a href=""#);
            push_escaped(&mut out, &v.href);
            out.push_str(r#"" data-facet-value=""#);
            push_escaped(&mut out, &v.key);
            out.push_str(r#"">"#);
            push_escaped(&mut out, &v.label);
            out.push_str(r#" <span class="search-facet__count" data-count=""#);
            push_plain(&mut out, v.count);
            out.push_str(r#"">("#);
            push_grouped(&mut out, v.count);
            out.push_str(")</span></a></li>");
        }
        out.push_str("</ul></section>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::facets_html;
    use crate::domain::search_results::{ActiveFilter, FacetGroup, FacetValue};

    #[test]
    fn every_value_links_to_its_search_and_texts_stay_text() {
        let groups = vec![FacetGroup {
            name: "solution".into(),
            label: "Solutions".into(),
            values: vec![FacetValue {
                label: "Geo<b>\"Server\"".into(),
                count: 12_345,
                href: "/search?q=a&b=solution:geoserver".into(),
                key: "solution:geoserver".into(),
            }],
        }];
        let active = vec![ActiveFilter { label: "norme : <wfs>".into(), remove_href: "/search?q=&x=1".into() }];
        let html = facets_html(&groups, &active);
        assert!(!html.contains("<b>") && !html.contains("<wfs>"), "{html}");
        assert!(html.contains(concat!(
            r#"<li><a href="/search?q=a&amp;b=solution:geoserver" data-facet-value="solution:geoserver">"#,
            r#"Geo&lt;b&gt;&quot;Server&quot; <span class="search-facet__count" data-count="12345">(12"#, "\u{202F}", r#"345)</span></a></li>"#
        )), "{html}");
        assert!(html.contains(r#"href="/search?q=&amp;x=1" data-remove-filter="norme : &lt;wfs&gt;">norme : &lt;wfs&gt;<span"#), "{html}");
        assert_eq!(html.matches(r#"<section class="search-facet" data-facet="solution">"#).count(), 1, "{html}");
        assert!(!facets_html(&groups, &[]).contains("Filtres actifs"));
    }
}
