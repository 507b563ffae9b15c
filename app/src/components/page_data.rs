use super::{ErrorPanel, Loading};
use crate::api::error_text;
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;

/// The shape of every page that shows data: `load` it (a server function,
/// which also sets the page's HTTP status when it fails), then `show` it;
/// a failure (not found, forbidden…) becomes the error panel with its French
/// message. Pages render fully on the server (`SsrMode::Async`), so the
/// loading line is never seen without JavaScript.
#[component]
pub fn PageData<T, Fut, Load, Show, V>(load: Load, show: Show) -> impl IntoView
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, ServerFnError>> + Send + 'static,
    Load: Fn() -> Fut + Send + Sync + 'static,
    Show: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + Send + 'static,
{
    let load = Arc::new(load);
    let show = Arc::new(show);
    view! {
        <Suspense fallback=Loading>
            {move || {
                let (load, show) = (load.clone(), show.clone());
                Suspend::new(async move {
                    match load().await {
                        Ok(data) => show(data).into_any(),
                        Err(e) => view! { <ErrorPanel message=error_text(&e) /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
