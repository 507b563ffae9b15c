use crate::extract::{FormPost, PathId, SignedIn, see_other};
use crate::state::AppState;
use app::forum::threads;
use axum::extract::State;
use axum::response::Response;

#[tracing::instrument(skip_all, fields(post = id))]
pub async fn edit(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    let page = format!("/p/{id}/edit");
    let body = app::domain::Body::parse("body", form.fields.get("body")).map_err(|e| vec![e]);
    match threads::edit_post(&state.db, &viewer, id, body).await {
        Ok(thread) => back_to_post(&state, thread, id).await,
        Err(e) => form.refuse(&state, &page, &page, e).await,
    }
}

#[tracing::instrument(skip_all, fields(post = id))]
pub async fn delete(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    match threads::delete_post(&state.db, &viewer, id).await {
        Ok(thread) => back_to_post(&state, thread, id).await,
        Err(e) => {
            // Show the refusal on the post's thread when there is one (at
            // the top of the page: the delete button is no form with messages).
            let page = match app::store::posts::get(&state.db, id).await {
                Ok(Some(p)) => format!("/t/{}", p.thread_id),
                _ => "/".to_string(),
            };
            form.refuse(&state, &page, &format!("/p/{id}/delete"), e).await
        }
    }
}

/// After a change to a post: the page of its thread that shows it.
pub async fn back_to_post(state: &AppState, thread: i64, post: i64) -> Response {
    match threads::post_href(&state.db, post).await {
        Ok(href) => see_other(&href),
        Err(_) => see_other(&format!("/t/{thread}#p{post}")),
    }
}

/// `/p/{id}`, a post's permanent address (the links in mails and search
/// results): the page of its thread that shows it, whatever the thread's length.
#[tracing::instrument(skip_all, fields(post = id))]
pub async fn permalink(State(state): State<AppState>, PathId(id): PathId, req: axum::extract::Request) -> Response {
    match threads::post_href(&state.db, id).await {
        Ok(href) => see_other(&href),
        Err(e) => {
            if e.status().is_server_error() {
                tracing::error!(error = %e, "permalink failed");
            }
            let (parts, _) = req.into_parts();
            crate::render::not_found(&state, &parts).await
        }
    }
}
