//! Read models of subscriptions, notifications and account links: what the
//! server functions hand to the pages.

use super::Level;
use serde::{Deserialize, Serialize};

/// A subscribe box: how many follow the target, and the viewer's level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionBox {
    pub followers: i64,
    /// `None`: the viewer does not follow it (or is not signed in).
    pub level: Option<Level>,
    pub signed_in: bool,
}

/// One subscription on /settings/notifications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionItem {
    pub id: i64,
    /// « Solution GeoServer », « GeoServer × Web Feature Service », « Fil n° 12 — titre ».
    pub what: String,
    pub href: String,
    pub level: Level,
    /// The levels this target allows (a thread: watching or muted).
    pub levels: Vec<Level>,
    /// The form fields naming the target (`tag`, `solution` and `standard`, or `thread`).
    pub fields: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationSettingsPage {
    pub email: String,
    pub auto_watch: bool,
    pub email_notifications: bool,
    /// Why mail to the member's address stopped (a permanent delivery failure).
    pub email_failure: Option<String>,
    pub verified: bool,
    pub subscriptions: Vec<SubscriptionItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: i64,
    /// The sentence: « Anne Martin a répondu dans … ».
    pub text: String,
    pub thread_title: String,
    pub href: String,
    pub created_at: i64,
    pub unread: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationsPage {
    pub items: Vec<NotificationItem>,
    pub unread: i64,
    pub page: i64,
    pub pages: i64,
}

/// What an unsubscribe link stops, for its confirmation page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum UnsubscribeState {
    /// The link is good: « la solution GeoServer (Chaque message) ».
    Valid { what: String },
    /// The subscription is gone already.
    AlreadyGone,
    Expired,
    Invalid,
}

/// What a link sent by mail does, for the page that confirms it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AccountLink {
    VerifyEmail { email: String },
    ChangeEmail { new_email: String },
    ResetPassword { email: String },
    /// Used, expired, or never sent.
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountPage {
    pub email: String,
    pub verified: bool,
    pub has_password: bool,
}
