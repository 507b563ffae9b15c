use super::SearchBox;
use super::viewer_region::{Region, ViewerRegion};
use crate::api::notify::unread_notifications;
use crate::api::session::current_viewer;
use crate::domain::limits::UNREAD_COUNT_MAX;
use crate::domain::{AuthOptions, Role, Viewer};
use futures::FutureExt;
use leptos::prelude::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let local_signup = use_context::<AuthOptions>().unwrap_or_default().local_signup;
    // Loaded once and shared, as a page's data is (`PageData`): the server
    // asks the `Suspense` for its children more than once.
    let account = async move {
        let viewer = current_viewer().await.ok().flatten();
        let unread = match viewer {
            Some(_) => unread_notifications().await.ok().flatten().unwrap_or(0),
            None => 0,
        };
        (viewer, unread)
    }
    .shared();
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    "Jonction"
                </a>
                <span class="brand-tagline">"Interopérabilité des solutions géo du collectif CICCLO"</span>
                <SearchBox />
                <nav class="site-nav" aria-label="Navigation principale">
                    <a href="/">"Fils"</a>
                    <a href="/map">"Carte"</a>
                    <Suspense fallback=|| ()>
                        {move || {
                            let account = account.clone();
                            Suspend::new(async move {
                                let (viewer, unread) = account.await;
                                view! {
                                    <ViewerRegion region=Region::Account>
                                        <AccountLinks viewer unread local_signup />
                                    </ViewerRegion>
                                }
                            })
                        }}
                    </Suspense>
                </nav>
            </div>
        </header>
    }
}

/// The header's links that depend on who reads: « Se connecter », or the
/// member's tools, name and unread notifications.
#[component]
pub fn AccountLinks(viewer: Option<Viewer>, unread: i64, local_signup: bool) -> impl IntoView {
    match viewer {
        Some(v) => {
            let moderator = v.role.can_moderate();
            let admin = v.role == Role::Admin;
            view! {
                <a href="/new" class="button button--small">"Nouveau fil"</a>
                {moderator.then(|| view! { <a href="/admin/tags">"Tags"</a> })}
                {admin.then(|| view! { <a href="/admin/members">"Membres"</a> })}
                <UnreadLink unread />
                <a href=format!("/u/{}", v.id) class="viewer-name">{v.name.clone()}</a>
                <a href="/settings/account">"Mon compte"</a>
                <form method="post" action="/logout" class="inline-form">
                    <button type="submit" class="link-button">"Se déconnecter"</button>
                </form>
            }
                .into_any()
        }
        None => view! {
            <a href="/login">"Se connecter"</a>
            {local_signup.then(|| view! { <a href="/signup">"Créer un compte"</a> })}
        }
            .into_any(),
    }
}

/// « Notifications » with the number of unread ones (`data-unread`), up to « 99+ ».
#[component]
fn UnreadLink(unread: i64) -> impl IntoView {
    let shown = if unread > UNREAD_COUNT_MAX { format!("{UNREAD_COUNT_MAX}+") } else { unread.to_string() };
    let label = match unread {
        0 => "Notifications, aucune non lue".to_string(),
        1 => "Notifications, 1 non lue".to_string(),
        _ => format!("Notifications, {shown} non lues"),
    };
    view! {
        <a href="/notifications" class="unread-link" data-unread=unread aria-label=label>
            "Notifications"
            {(unread > 0).then(|| view! { <span class="unread-count" aria-hidden="true">{shown}</span> })}
        </a>
    }
}
