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
        Ok(thread) => see_other(&format!("/t/{thread}#p{id}")),
        Err(e) => form.refuse(&state, &page, &page, e).await,
    }
}

#[tracing::instrument(skip_all, fields(post = id))]
pub async fn delete(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    match threads::delete_post(&state.db, &viewer, id).await {
        Ok(thread) => see_other(&format!("/t/{thread}#p{id}")),
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
