use super::{ErrorPanel, Loading};
use crate::api::error_text;
use leptos::prelude::*;
use std::future::Future;

/// The shape of every page that shows data: `load` it (a server function,
/// which also sets the page's HTTP status when it fails), then `show` it;
/// a failure (not found, forbidden…) becomes the error panel with its French
/// message. Pages render fully on the server (`SsrMode::Async`), so the
/// loading line is never seen without JavaScript.
///
/// The data is loaded once, and shown once. The server walks a `Suspense`'s
/// children three times for one page (twice to find what they wait on, once
/// to render): children made by a closure would be made three times, and
/// each one that found the data ready would clone it and build its view
/// (a list's rows, the map's table) for nothing. One `Suspend`, made once,
/// keeps what it resolved to for the walks that follow. Pages are not
/// hydrated (islands), so nothing here needs to re-run in the browser.
#[component]
pub fn PageData<T, Fut, Load, Show, V>(load: Load, show: Show) -> impl IntoView
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, ServerFnError>> + Send + 'static,
    Load: FnOnce() -> Fut,
    Show: FnOnce(T) -> V + Send + 'static,
    V: IntoView + Send + 'static,
{
    let loaded = load();
    let shown = Suspend::new(async move {
        match loaded.await {
            Ok(data) => show(data).into_any(),
            Err(e) => view! { <ErrorPanel message=error_text(&e) /> }.into_any(),
        }
    });
    view! { <Suspense fallback=Loading>{shown}</Suspense> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::PageData;
    use futures::StreamExt;
    use leptos::prelude::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The page is rendered as the server renders it (`to_html_stream_in_order`
    /// walks the `Suspense`'s children more than once); its data is loaded
    /// once and its view made once all the same.
    #[tokio::test]
    async fn a_page_loads_and_shows_its_data_once_however_often_it_is_walked() {
        let _ = any_spawner::Executor::init_tokio();
        let loads = Arc::new(AtomicUsize::new(0));
        let counted = loads.clone();
        let load = move || {
            let counted = counted.clone();
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                // A query: the load waits at least once.
                tokio::task::yield_now().await;
                Ok::<u32, ServerFnError>(7)
            }
        };
        let shows = Arc::new(AtomicUsize::new(0));
        let shown = shows.clone();
        let show = move |n: u32| {
            shown.fetch_add(1, Ordering::SeqCst);
            view! { <p data-loaded=n></p> }
        };
        let owner = Owner::new();
        let stream = owner.with(|| view! { <PageData load show /> }.to_html_stream_in_order());
        let html: String = stream.collect().await;
        assert!(html.contains(r#"<p data-loaded="7">"#), "{html}");
        assert_eq!(loads.load(Ordering::SeqCst), 1, "loads for one rendering");
        assert_eq!(shows.load(Ordering::SeqCst), 1, "views made for one rendering");
    }
}
