use crate::domain::Viewer;
use leptos::prelude::*;

#[server]
pub async fn current_viewer() -> Result<Option<Viewer>, ServerFnError> {
    Ok(super::viewer())
}

/// The e-mail of the local account a ProConnect identity is waiting to be
/// linked to (from the link cookie), if any.
#[server]
pub async fn pending_link_email() -> Result<Option<String>, ServerFnError> {
    let link = use_context::<http::request::Parts>()
        .and_then(|parts| super::cookie(&parts.headers, crate::forum::identity::LINK_COOKIE));
    match link {
        Some(link) => crate::forum::identity::pending_link_email(&super::db()?, &link).await.map_err(super::fail),
        None => Ok(None),
    }
}
