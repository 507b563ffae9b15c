use crate::api::tags::get_map;
use crate::components::{PageData, PageTitle};
use crate::domain::views::InteropMap;
use leptos::prelude::*;

/// The solution × standard grid: where interoperability breaks, and where it
/// was mended.
#[component]
pub fn MapPage() -> impl IntoView {
    view! {
        <PageTitle text="Carte de l’interopérabilité" />
        <h1>"Carte de l’interopérabilité"</h1>
        <p class="lead">
            "Chaque case croise une solution et une norme : fils en attente (ouverts, à préciser ou confirmés) et fils résolus. "
            "Seules les solutions et normes qui ont au moins un fil figurent ici."
        </p>
        <PageData load=get_map show=|map| view! { <MapGrid map /> } />
    }
}

/// The grid itself, scrolling inside its own frame with its headers in view.
#[component]
fn MapGrid(map: InteropMap) -> impl IntoView {
    if map.solutions.is_empty() {
        return view! { <p>"Aucun fil n’est encore classé."</p> }.into_any();
    }
    let standards = map.standards.clone();
    view! {
        <div class="map-scroll" tabindex="0" role="region" aria-label="Tableau défilant de la carte">
            <table class="interop-map">
                <caption>"Carte de l’interopérabilité : solutions (lignes) × normes (colonnes)"</caption>
                <thead>
                    <tr>
                        <th scope="col" class="map-corner">
                            <span class="map-corner__columns" aria-hidden="true">"Normes →"</span>
                            <span class="map-corner__rows">"Solutions " <span aria-hidden="true">"↓"</span></span>
                        </th>
                        {standards.iter().map(|t| view! {
                            <th scope="col"><a href=format!("/tags/{}", t.slug) title=t.name.clone()>{t.name.clone()}</a></th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {map.solutions.iter().zip(map.cells.iter()).map(|(s, row)| view! {
                        <tr>
                            <th scope="row"><a href=format!("/tags/{}", s.slug)>{s.name.clone()}</a></th>
                            {row.iter().zip(standards.iter()).map(|(cell, t)| {
                                if cell.open == 0 && cell.resolved == 0 {
                                    view! { <td class="cell cell--empty"><span class="sr-only">"aucun fil"</span></td> }.into_any()
                                } else {
                                    let class = if cell.open > 0 { "cell cell--open" } else { "cell cell--resolved" };
                                    view! {
                                        <td class=class data-solution=s.slug.clone() data-standard=t.slug.clone()
                                            data-open=cell.open data-resolved=cell.resolved>
                                            <a href=format!("/?solution={}&standard={}", s.slug, t.slug)>
                                                {counts_text(cell.open, cell.resolved)}
                                            </a>
                                        </td>
                                    }.into_any()
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
        .into_any()
}

fn counts_text(open: i64, resolved: i64) -> String {
    let open_text = match open {
        0 => None,
        1 => Some("1 ouvert".to_string()),
        n => Some(format!("{n} ouverts")),
    };
    let resolved_text = match resolved {
        0 => None,
        1 => Some("1 résolu".to_string()),
        n => Some(format!("{n} résolus")),
    };
    [open_text, resolved_text].into_iter().flatten().collect::<Vec<_>>().join(" · ")
}
