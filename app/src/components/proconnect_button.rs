use leptos::prelude::*;

/// ProConnect's sign-in button, as its partner guidelines describe it: the
/// text « S’identifier avec ProConnect » and, below, the link « Qu’est-ce que
/// ProConnect ? » opening in a new window. A form post: it works without JavaScript.
#[component]
pub fn ProConnectButton(#[prop(into)] next: String) -> impl IntoView {
    view! {
        <div class="proconnect">
            <form method="post" action="/auth/proconnect/login">
                <input type="hidden" name="next" value=next />
                <button type="submit" class="proconnect-button">
                    <span class="proconnect-button__logo" aria-hidden="true"></span>
                    <span class="proconnect-button__text">
                        <span class="proconnect-button__lead">"S’identifier avec"</span>
                        " "
                        <span class="proconnect-button__brand">"ProConnect"</span>
                    </span>
                </button>
            </form>
            <p class="proconnect-help">
                <a
                    href="https://www.proconnect.gouv.fr/"
                    target="_blank"
                    rel="noopener"
                    title="Qu’est-ce que ProConnect ? - nouvelle fenêtre"
                >
                    "Qu’est-ce que ProConnect ?"
                </a>
            </p>
        </div>
    }
}
