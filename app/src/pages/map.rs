use crate::api::tags::get_map;
use crate::components::number::{push_grouped, push_plain};
use crate::components::raw_text::push_escaped;
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
    view! {
        <div class="map-scroll" tabindex="0" role="region" aria-label="Tableau défilant de la carte" inner_html=table_html(&map)></div>
    }
    .into_any()
}

/// The table as one string: a grid of every solution × standard with threads
/// has hundreds of cells, and a component per cell cost more than the rest of
/// the page (see issue 10's note). Every text from the database goes through
/// `push_escaped`.
fn table_html(map: &InteropMap) -> String {
    let cells: usize = map.cells.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(1_024 + 160 * (map.standards.len() + map.solutions.len()) + 160 * cells);
    out.push_str(concat!(
        r#"<table class="interop-map"><caption>Carte de l’interopérabilité : solutions (lignes) × normes (colonnes)</caption>"#,
        r#"<thead><tr><th scope="col" class="map-corner"><span class="map-corner__columns" aria-hidden="true">Normes →</span>"#,
        r#"<span class="map-corner__rows">Solutions <span aria-hidden="true">↓</span></span></th>"#,
    ));
    for t in &map.standards {
        out.push_str(r#"<th scope="col"><a href="/tags/"#);
        push_escaped(&mut out, &t.slug);
        out.push_str(r#"" title=""#);
        push_escaped(&mut out, &t.name);
        out.push_str(r#"">"#);
        push_escaped(&mut out, &t.name);
        out.push_str("</a></th>");
    }
    out.push_str("</tr></thead><tbody>");
    // Each slug escaped once, not once per cell: a cell is its counts, its
    // link and nothing else (the link names the pair).
    let standards: Vec<String> = map.standards.iter().map(|t| escaped(&t.slug)).collect();
    let mut link = String::new();
    for (s, row) in map.solutions.iter().zip(&map.cells) {
        out.push_str(r#"<tr><th scope="row"><a href="/tags/"#);
        push_escaped(&mut out, &s.slug);
        out.push_str(r#"">"#);
        push_escaped(&mut out, &s.name);
        out.push_str("</a></th>");
        link.clear();
        link.push_str(r#"><a href="/?solution="#);
        push_escaped(&mut link, &s.slug);
        link.push_str("&amp;standard=");
        for (cell, standard) in row.iter().zip(&standards) {
            if cell.open == 0 && cell.resolved == 0 {
                out.push_str(r#"<td class="cell--empty"><span class="sr-only">aucun fil</span></td>"#);
                continue;
            }
            let state = if cell.open > 0 { "open" } else { "resolved" };
            out.push_str(r#"<td class="cell--"#);
            out.push_str(state);
            out.push_str(r#"" data-open=""#);
            push_plain(&mut out, cell.open);
            out.push_str(r#"" data-resolved=""#);
            push_plain(&mut out, cell.resolved);
            out.push('"');
            out.push_str(&link);
            out.push_str(standard);
            out.push_str(r#"">"#);
            push_counts_text(&mut out, cell.open, cell.resolved);
            out.push_str("</a></td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// « 3 ouverts · 1 résolu »: what a cell says.
fn push_counts_text(out: &mut String, open: i64, resolved: i64) {
    push_count(out, open, "ouvert");
    if open > 0 && resolved > 0 {
        out.push_str(" · ");
    }
    push_count(out, resolved, "résolu");
}

/// « 1 ouvert », « 1 234 ouverts », nothing for none.
fn push_count(out: &mut String, n: i64, noun: &str) {
    if n > 0 {
        push_grouped(out, n);
        out.push(' ');
        out.push_str(noun);
        if n > 1 {
            out.push('s');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TagKind;
    use crate::domain::views::{MapCell, TagChoice};

    fn tag(slug: &str, name: &str, kind: TagKind) -> TagChoice {
        TagChoice { id: 0, slug: slug.into(), name: name.into(), kind }
    }

    #[test]
    fn each_cell_links_to_its_pair_and_names_from_the_database_stay_text() {
        let map = InteropMap {
            solutions: vec![tag("geo", "Geo<script>", TagKind::Solution)],
            standards: vec![tag("wfs", "W\"F&S", TagKind::Standard), tag("csw", "CSW", TagKind::Standard)],
            cells: vec![vec![MapCell { open: 2, resolved: 1 }, MapCell { open: 0, resolved: 0 }]],
        };
        let html = table_html(&map);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains(r#"title="W&quot;F&amp;S">W&quot;F&amp;S</a>"#), "{html}");
        assert!(html.contains(concat!(
            r#"<td class="cell--open" data-open="2" data-resolved="1">"#,
            r#"<a href="/?solution=geo&amp;standard=wfs">2 ouverts · 1 résolu</a></td>"#
        )), "{html}");
        assert_eq!(html.matches("cell--empty").count(), 1, "{html}");
        assert_eq!(html.matches("<td").count(), 2, "{html}");
    }

    #[test]
    fn a_cell_names_what_it_counts_in_the_singular_and_plural() {
        let text = |open, resolved| {
            let mut out = String::new();
            push_counts_text(&mut out, open, resolved);
            out
        };
        assert_eq!(text(1, 0), "1 ouvert");
        assert_eq!(text(0, 1), "1 résolu");
        assert_eq!(text(0, 3), "3 résolus");
        assert_eq!(text(5, 2), "5 ouverts · 2 résolus");
        assert_eq!(text(12_196, 1_000), "12\u{202F}196 ouverts · 1\u{202F}000 résolus");
    }
}
