//! The HTML shell and the routes. Every route renders fully on the server
//! (`SsrMode::Async`): the page is complete HTML without JavaScript.

use crate::components::{SiteFooter, SiteHeader, UnverifiedNotice};
use crate::pages::*;
use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// Where pages find the stylesheet, the icon and the browser bundle (given
/// in context by the server: names that change with the files' content when
/// `scripts/build.sh` built them, so browsers may keep them for good).
#[derive(Clone, Debug)]
pub struct AssetNames {
    pub stylesheet: std::sync::Arc<str>,
    pub favicon: std::sync::Arc<str>,
    /// The bundle's name: `{output_name}.js` and `{output_name}_bg.wasm` under `/pkg`.
    pub output_name: std::sync::Arc<str>,
}

impl Default for AssetNames {
    fn default() -> Self {
        Self { stylesheet: "/pkg/jonction.css".into(), favicon: "/favicon.svg".into(), output_name: "jonction".into() }
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    expose_nonce();
    let assets = use_context::<AssetNames>().unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="stylesheet" href=assets.stylesheet />
                <link rel="icon" href=assets.favicon type="image/svg+xml" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let a = SsrMode::Async;
    view! {
        <Router>
            <SiteHeader />
            <main id="contenu" class="page">
                <UnverifiedNotice />
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=a.clone() />
                    <Route path=path!("/new") view=NewThreadPage ssr=a.clone() />
                    <Route path=path!("/t/:id") view=ThreadPageView ssr=a.clone() />
                    <Route path=path!("/p/:id/edit") view=EditPostPage ssr=a.clone() />
                    <Route path=path!("/tags/:slug") view=TagPageView ssr=a.clone() />
                    <Route path=path!("/map") view=MapPage ssr=a.clone() />
                    <Route path=path!("/search") view=SearchPageView ssr=a.clone() />
                    <Route path=path!("/u/:id") view=MemberPageView ssr=a.clone() />
                    <Route path=path!("/login") view=LoginPage ssr=a.clone() />
                    <Route path=path!("/signup") view=SignupPage ssr=a.clone() />
                    <Route path=path!("/admin/tags") view=AdminTagsPage ssr=a.clone() />
                    <Route path=path!("/admin/members") view=AdminMembersPage ssr=a.clone() />
                    <Route path=path!("/notifications") view=NotificationsPageView ssr=a.clone() />
                    <Route path=path!("/settings/notifications") view=NotificationSettingsPageView ssr=a.clone() />
                    <Route path=path!("/settings/account") view=AccountPageView ssr=a.clone() />
                    <Route path=path!("/unsubscribe/:token") view=UnsubscribePage ssr=a.clone() />
                    <Route path=path!("/verify/:token") view=VerifyLinkPage ssr=a.clone() />
                    <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=a.clone() />
                    <Route path=path!("/password/reset/:token") view=ResetPasswordPage ssr=a.clone() />
                    <Route path=path!("/auth/proconnect/link") view=LinkAccountPage ssr=a.clone() />
                    <Route path=path!("/auth/proconnect/error") view=AuthErrorPage ssr=a.clone() />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}

/// The response header through which the page hands its script nonce to the
/// server's Content-Security-Policy middleware (which removes it).
pub const NONCE_HEADER: &str = "x-jonction-script-nonce";

/// Leptos gives the page's inline hydration script a fresh nonce; the
/// Content-Security-Policy must name it, so that no other inline script runs.
fn expose_nonce() {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) =
        (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        if let Ok(value) = http::HeaderValue::from_str(&nonce) {
            response.insert_header(http::HeaderName::from_static(NONCE_HEADER), value);
        }
    }
}
