use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "Jonction, le forum de l’interopérabilité du collectif CICCLO. "
                <a href="/map">"Carte de l’interopérabilité"</a>
            </p>
        </footer>
    }
}
