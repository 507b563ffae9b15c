use leptos::prelude::*;

/// The search form of the site header: a plain GET form, so it works
/// without JavaScript and a search is an address one can share.
#[component]
pub fn SearchBox() -> impl IntoView {
    view! {
        <form class="site-search" role="search" method="get" action="/search" aria-label="Rechercher dans le forum">
            <label for="site-search-q" class="sr-only">"Rechercher dans les fils"</label>
            <input id="site-search-q" type="search" name="q" placeholder="Rechercher : EPSG:2154, moissonnage…" autocomplete="off" />
            <button type="submit" class="button button--small">"Rechercher"</button>
        </form>
    }
}
