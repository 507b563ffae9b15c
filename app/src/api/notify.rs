//! Subscriptions, notifications, unsubscribe links and account links: what
//! their pages and the header read.

use crate::domain::TargetRef;
use crate::domain::notify_views::{
    AccountLink, AccountPage, NotificationSettingsPage, NotificationsPage, SubscriptionBox, UnsubscribeState,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn mail() -> Result<std::sync::Arc<crate::mail::MailSettings>, ServerFnError> {
    use_context::<std::sync::Arc<crate::mail::MailSettings>>()
        .ok_or_else(|| super::fail(crate::error::AppError::Internal("mail settings missing from context".into())))
}

#[cfg(feature = "ssr")]
fn signed_in() -> Result<crate::domain::Viewer, ServerFnError> {
    super::viewer().ok_or_else(|| super::fail(crate::error::AppError::SignInRequired))
}

#[server]
pub async fn load_subscription_box(target: TargetRef) -> Result<Option<SubscriptionBox>, ServerFnError> {
    crate::forum::subscriptions::subscription_box(&super::db()?, super::viewer().as_ref(), &target).await.map_err(super::fail)
}

#[server]
pub async fn notification_settings() -> Result<NotificationSettingsPage, ServerFnError> {
    crate::forum::subscriptions::settings_page(&super::db()?, &signed_in()?).await.map_err(super::fail)
}

/// One page of the viewer's notifications; `page` as it came in the address.
#[server]
pub async fn notification_list(page: Option<String>) -> Result<NotificationsPage, ServerFnError> {
    let page = crate::domain::PageNumber::parse(page.as_deref())
        .ok_or_else(|| super::fail(crate::error::AppError::NotFound("Cette page de notifications n’existe pas.".into())))?;
    crate::forum::notifications::page(&super::db()?, &signed_in()?, page).await.map_err(super::fail)
}

/// The header's count: `None` when nobody is signed in.
#[server]
pub async fn unread_notifications() -> Result<Option<i64>, ServerFnError> {
    match (super::viewer(), super::unread_read_with_viewer()) {
        (Some(_), Some(unread)) => Ok(Some(unread)),
        (Some(v), None) => crate::forum::notifications::unread(&super::db()?, &v).await.map(Some).map_err(super::fail),
        (None, _) => Ok(None),
    }
}

#[server]
pub async fn load_unsubscribe_state(token: String) -> Result<UnsubscribeState, ServerFnError> {
    crate::forum::subscriptions::unsubscribe_state(&super::db()?, mail()?.as_ref(), &token).await.map_err(super::fail)
}

#[server]
pub async fn load_account_link(token: String) -> Result<AccountLink, ServerFnError> {
    crate::forum::accounts::link_page(&super::db()?, &token).await.map_err(super::fail)
}

#[server]
pub async fn load_account_page() -> Result<AccountPage, ServerFnError> {
    crate::forum::accounts::account_page(&super::db()?, &signed_in()?).await.map_err(super::fail)
}
