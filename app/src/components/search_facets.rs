use crate::domain::search_results::{ActiveFilter, FacetGroup};
use super::number::grouped;
use leptos::prelude::*;

/// Beside the results: the active filters, each removable, then the facets
/// with their counts, each value a plain link that adds its filter.
#[component]
pub fn SearchFacets(groups: Vec<FacetGroup>, active: Vec<ActiveFilter>) -> impl IntoView {
    view! {
        <aside class="search-facets" aria-label="Affiner la recherche">
            {(!active.is_empty()).then(|| view! {
                <h2 class="search-facets__title">"Filtres actifs"</h2>
                <ul class="search-active">
                    {active.into_iter().map(|a| view! {
                        <li>
                            <a class="search-active__remove" href=a.remove_href data-remove-filter=a.label.clone()>
                                {a.label.clone()}
                                <span class="sr-only">" (retirer ce filtre)"</span>
                                <span aria-hidden="true">" ×"</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {groups.into_iter().map(|g| view! {
                <section class="search-facet" data-facet=g.name.clone()>
                    <h2 class="search-facets__title">{g.label}</h2>
                    <ul>
                        {g.values.into_iter().map(|v| view! {
                            <li>
                                <a href=v.href data-facet-value=v.key>
                                    {v.label}
                                    " "
                                    <span class="search-facet__count" data-count=v.count>{format!("({})", grouped(v.count))}</span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }).collect_view()}
        </aside>
    }
}
