//! What every form handler (and the ProConnect routes) takes from a request
//! and answers with: the posted fields in order, the signed-in member, an id
//! from the address, and the 303 that follows a successful post. Shared by
//! `forms` and `proconnect`, which therefore do not depend on each other.

use crate::render::page_with_echo;
use crate::state::AppState;
use app::api::CurrentViewer;
use app::domain::{FormEcho, SafeNext, Viewer};
use app::error::AppError;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::response::{IntoResponse, Redirect, Response};
use http::request::Parts;

/// The submitted fields in order, names repeated as sent (`solution`, `solution`…).
pub struct FormPairs(pub Vec<(String, String)>);

impl FormPairs {
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
    /// Echoed values never include passwords.
    pub fn echo(&self, action: &str, error: &AppError) -> FormEcho {
        FormEcho {
            action: action.to_string(),
            values: self.0.iter().filter(|(k, _)| !k.contains("password")).cloned().collect(),
            errors: error.field_errors(),
            preview_html: None,
        }
    }
}

/// A form post split into its request head (to render the page again) and its fields.
pub struct FormPost {
    pub parts: Parts,
    pub fields: FormPairs,
}

impl<S: Send + Sync> FromRequest<S> for FormPost {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let req = Request::from_parts(parts.clone(), body);
        let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self { parts, fields: FormPairs(pairs) })
    }
}

/// The signed-in member a form post acts for. Without one, the post is
/// answered with a redirect to the sign-in page, which then brings the member
/// back to the page the form was on.
pub struct SignedIn(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<CurrentViewer>().and_then(|v| v.0.clone()) {
            Some(viewer) => Ok(Self(viewer)),
            None => {
                let back_to = parts
                    .headers
                    .get(http::header::REFERER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|r| url::Url::parse(r).ok())
                    .map(|u| SafeNext::parse(u.path()))
                    .unwrap_or_else(SafeNext::home);
                Err(see_other(&back_to.login_href()))
            }
        }
    }
}

impl FormPost {
    /// The form's page again, with the typed values and the error's messages.
    pub async fn refuse(&self, state: &AppState, page: &str, action: &str, error: AppError) -> Response {
        if error.status().is_server_error() {
            tracing::error!(error = %error, action, "form handling failed");
        }
        page_with_echo(state, &self.parts, page, self.fields.echo(action, &error), error.status()).await
    }

    /// The form's page again with a preview of the Markdown in `body` (200).
    pub async fn preview(&self, state: &AppState, page: &str, action: &str) -> Response {
        let mut echo = self.kept(action);
        match app::forum::markdown::preview(self.fields.get("body")) {
            Ok(html) => echo.preview_html = Some(html),
            Err(e) => echo.errors.push(e),
        }
        page_with_echo(state, &self.parts, page, echo, http::StatusCode::OK).await
    }

    /// The form's page again with everything typed, saving nothing (200):
    /// the page shows what it computes from the values (similar threads).
    pub async fn again(&self, state: &AppState, page: &str, action: &str) -> Response {
        page_with_echo(state, &self.parts, page, self.kept(action), http::StatusCode::OK).await
    }

    fn kept(&self, action: &str) -> FormEcho {
        FormEcho { action: action.to_string(), values: self.fields.0.clone(), errors: vec![], preview_html: None }
    }

    pub fn wants_preview(&self) -> bool {
        self.fields.get("intent") == "preview"
    }

    /// « Chercher des fils semblables »: look, without saving.
    pub fn wants_similar(&self) -> bool {
        self.fields.get("intent") == "similar"
    }
}

/// 303 See Other: after a successful post, the browser GETs the result.
/// Only to a path of this forum: anything else goes to the home page.
pub fn see_other(path: &str) -> Response {
    Redirect::to(SafeNext::parse(path).as_str()).into_response()
}

/// A number in the address of a form (`/t/{id}/reply`, `/p/{id}/edit`…).
/// Anything else (letters, a number too large for the database) is the
/// forum's 404 page, in French, rather than the framework's English 400.
pub struct PathId(pub i64);

impl FromRequestParts<AppState> for PathId {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let raw = Path::<String>::from_request_parts(parts, state).await.map(|Path(s)| s).unwrap_or_default();
        match app::domain::post_input::parse_id(&raw) {
            Some(id) => Ok(Self(id)),
            None => Err(crate::render::not_found(state, parts).await),
        }
    }
}


