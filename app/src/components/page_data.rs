use super::{ErrorPanel, Loading};
use crate::api::error_text;
use futures::FutureExt;
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;

/// The shape of every page that shows data: `load` it (a server function,
/// which also sets the page's HTTP status when it fails), then `show` it;
/// a failure (not found, forbidden…) becomes the error panel with its French
/// message. Pages render fully on the server (`SsrMode::Async`), so the
/// loading line is never seen without JavaScript.
///
/// The data is loaded once, and shared. The server calls a `Suspense`'s
/// children up to three times for one page (twice to find what they wait on,
/// once to render): a load started in the children would run its queries,
/// and any work it does before its first wait (a whole search), three times.
#[component]
pub fn PageData<T, Fut, Load, Show, V>(load: Load, show: Show) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ServerFnError>> + Send + 'static,
    Load: Fn() -> Fut + Send + Sync + 'static,
    Show: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + Send + 'static,
{
    let loaded = load().shared();
    let show = Arc::new(show);
    view! {
        <Suspense fallback=Loading>
            {move || {
                let (loaded, show) = (loaded.clone(), show.clone());
                Suspend::new(async move {
                    match loaded.await {
                        Ok(data) => show(data).into_any(),
                        Err(e) => view! { <ErrorPanel message=error_text(&e) /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::PageData;
    use futures::StreamExt;
    use leptos::prelude::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The page is rendered as the server renders it (`to_html_stream_in_order`
    /// asks the `Suspense` for its children more than once); its data is
    /// loaded once all the same.
    #[tokio::test]
    async fn a_page_loads_its_data_once_however_often_it_is_rendered() {
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
        let owner = Owner::new();
        let stream = owner.with(|| view! { <PageData load show=|n: u32| view! { <p data-loaded=n></p> } /> }.to_html_stream_in_order());
        let html: String = stream.collect().await;
        assert!(html.contains(r#"<p data-loaded="7">"#), "{html}");
        assert_eq!(loads.load(Ordering::SeqCst), 1, "loads for one rendering");
    }
}
