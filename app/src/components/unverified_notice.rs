use crate::api::session::current_viewer;
use super::viewer_region::{Region, ViewerRegion};
use leptos::prelude::*;

/// Said at the top of every page to a member whose address is not proven:
/// they read, but post only once they followed the link sent to them.
#[component]
pub fn UnverifiedNotice() -> impl IntoView {
    let viewer = Resource::new_blocking(|| (), |_| current_viewer());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let unverified = viewer.await.ok().flatten().is_some_and(|v| !v.verified);
                view! { <ViewerRegion region=Region::Unverified><UnverifiedText unverified /></ViewerRegion> }
            })}
        </Suspense>
    }
}

/// The notice itself, for a member whose address is not proven (`unverified`).
#[component]
pub fn UnverifiedText(unverified: bool) -> impl IntoView {
    unverified.then(|| view! {
        <p class="notice unverified" data-unverified="true">
            "Confirmez votre adresse électronique pour publier : suivez le lien du courriel que nous vous avons envoyé. "
            <a href="/settings/account">"Recevoir un nouveau lien"</a>
        </p>
    })
}
