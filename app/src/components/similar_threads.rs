use super::StatusBadge;
use crate::domain::search_results::SimilarThread;
use crate::domain::views::thread_href;
use leptos::prelude::*;

/// Existing threads like the one being written, so that a problem already
/// discussed is not posted twice. The server renders the list for what the
/// form held (« Chercher des fils semblables » works without JavaScript); in
/// the browser the list follows the title and the message as they are typed,
/// a moment after the last keystroke, without reloading the page.
#[island]
pub fn SimilarThreads(initial: Vec<SimilarThread>, searched: bool) -> impl IntoView {
    let threads = RwSignal::new(initial);
    let looked = RwSignal::new(searched);
    #[cfg(feature = "hydrate")]
    follow_typing(threads, looked);
    view! {
        <section id="similar-threads" class="similar" aria-live="polite" aria-labelledby="similar-title">
            <h2 id="similar-title">"Fils semblables"</h2>
            {move || {
                let list = threads.get();
                if list.is_empty() {
                    let text = if looked.get() {
                        "Aucun fil semblable pour l’instant."
                    } else {
                        "Les fils qui ressemblent au vôtre s’afficheront ici."
                    };
                    view! { <p class="hint" data-similar-count="0">{text}</p> }.into_any()
                } else {
                    let count = list.len();
                    view! {
                        <ul class="similar__list" data-similar-count=count>
                            {list.into_iter().map(|t| {
                                let href = thread_href(t.id, &t.title);
                                view! {
                                    <li data-thread=t.id>
                                        <StatusBadge status=t.status />
                                        " "
                                        <a href=href>{t.title}</a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Listens to the form's title and message (keystrokes bubble up to the
/// window) and asks the server again once typing pauses; a newer keystroke
/// cancels the pending request.
#[cfg(feature = "hydrate")]
fn follow_typing(threads: RwSignal<Vec<SimilarThread>>, looked: RwSignal<bool>) {
    use crate::domain::limits::SIMILAR_DEBOUNCE_MILLISECONDS;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{HtmlInputElement, HtmlTextAreaElement};
    let generation = RwSignal::new(0u64);
    let value_of = |id: &str| -> String {
        let el = document().get_element_by_id(id);
        match el {
            Some(el) => match el.dyn_into::<HtmlInputElement>() {
                Ok(input) => input.value(),
                Err(el) => el.dyn_into::<HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default(),
            },
            None => String::new(),
        }
    };
    let handle = window_event_listener(leptos::ev::input, move |ev| {
        let typed_in_form = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .is_some_and(|el| el.id() == "title" || el.id() == "body");
        if !typed_in_form {
            return;
        }
        let mine = generation.get_untracked() + 1;
        generation.set(mine);
        set_timeout(
            move || {
                if generation.get_untracked() != mine {
                    return;
                }
                let (title, body) = (value_of("title"), value_of("body"));
                leptos::task::spawn_local(async move {
                    if let Ok(list) = crate::api::search::similar_threads(title, body).await {
                        if generation.get_untracked() == mine {
                            threads.set(list);
                            looked.set(true);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(SIMILAR_DEBOUNCE_MILLISECONDS),
        );
    });
    on_cleanup(move || handle.remove());
}
