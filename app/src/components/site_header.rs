use super::SearchBox;
use crate::api::notify::unread_notifications;
use crate::api::session::current_viewer;
use crate::domain::limits::UNREAD_COUNT_MAX;
use crate::domain::{AuthOptions, Role};
use leptos::prelude::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let local_signup = use_context::<AuthOptions>().unwrap_or_default().local_signup;
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
                        {move || Suspend::new(async move {
                            match current_viewer().await.ok().flatten() {
                                Some(v) => {
                                    let unread = unread_notifications().await.ok().flatten().unwrap_or(0);
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
                        })}
                    </Suspense>
                </nav>
            </div>
        </header>
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
