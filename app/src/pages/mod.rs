//! One page per file. Pages read through server functions (`crate::api`) and
//! never see SQL; their forms post to the server crate's form handlers.

mod account;
mod account_links;
mod admin_members;
mod admin_tags;
mod auth_error;
mod edit_post;
mod forgot_password;
mod home;
mod link_account;
mod login;
mod map;
mod member;
mod new_thread;
mod not_found;
mod notifications;
mod search;
mod settings_notifications;
mod signup;
mod tag;
mod thread;
mod unsubscribe;
mod util;

pub use account::AccountPageView;
pub use account_links::{ResetPasswordPage, VerifyLinkPage};
pub use admin_members::AdminMembersPage;
pub use admin_tags::AdminTagsPage;
pub use auth_error::AuthErrorPage;
pub use edit_post::EditPostPage;
pub use forgot_password::ForgotPasswordPage;
pub use home::HomePage;
pub use link_account::LinkAccountPage;
pub use login::LoginPage;
pub use map::MapPage;
pub use member::MemberPageView;
pub use new_thread::NewThreadPage;
pub use not_found::NotFoundPage;
pub use notifications::NotificationsPageView;
pub use search::SearchPageView;
pub use settings_notifications::NotificationSettingsPageView;
pub use signup::SignupPage;
pub use tag::TagPageView;
pub use thread::ThreadPageView;
pub use unsubscribe::UnsubscribePage;
