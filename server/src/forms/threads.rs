use crate::extract::{FormPost, PathId, SignedIn, see_other};
use app::domain::{ReplyInput, StatusChange, post_input::parse_resolution};
use crate::state::AppState;
use app::domain::views::thread_href;
use app::forum::threads::{self, NewThreadInput};
use axum::extract::State;
use axum::response::Response;

/// Pairs each chosen tag with the detail typed beside it (same row order).
fn tag_rows(form: &FormPost, tag_field: &str, detail_field: &str) -> Vec<(String, String)> {
    let tags = form.fields.all(tag_field);
    let mut details = form.fields.all(detail_field).into_iter();
    tags.into_iter().map(|t| (t, details.next().unwrap_or_default())).collect()
}

#[tracing::instrument(skip_all)]
pub async fn new_thread(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    if form.wants_preview() {
        return form.preview(&state, "/new", "/new").await;
    }
    if form.wants_similar() {
        return form.again(&state, "/new", "/new").await;
    }
    let input = NewThreadInput {
        title: form.fields.get("title").into(),
        body: form.fields.get("body").into(),
        solutions: tag_rows(&form, "solution", "solution_version"),
        standards: tag_rows(&form, "standard", "standard_clause"),
    };
    match threads::create_thread(&state.db, &viewer, &input).await {
        Ok(id) => see_other(&thread_href(id, &input.title)),
        Err(e) => form.refuse(&state, "/new", "/new", e).await,
    }
}

#[tracing::instrument(skip_all, fields(thread = id))]
pub async fn reply(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    let page = format!("/t/{id}");
    let action = format!("{page}/reply");
    if form.wants_preview() {
        return form.preview(&state, &page, &action).await;
    }
    let input = ReplyInput::parse(form.fields.get("body"), form.fields.get("parent_id"));
    match threads::reply(&state.db, &viewer, id, input).await {
        Ok(post) => super::posts::back_to_post(&state, id, post).await,
        Err(e) => form.refuse(&state, &page, &action, e).await,
    }
}

#[tracing::instrument(skip_all, fields(thread = id))]
pub async fn change_status(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    let page = format!("/t/{id}");
    let f = &form.fields;
    let change = StatusChange::parse(f.get("status"), f.get("duplicate_of")).map_err(|e| vec![e]);
    match threads::change_status(&state.db, &viewer, id, change).await {
        Ok(()) => see_other(&page),
        Err(e) => form.refuse(&state, &page, &format!("{page}/status"), e).await,
    }
}

#[tracing::instrument(skip_all, fields(thread = id))]
pub async fn mark_resolution(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    let page = format!("/t/{id}");
    let post_id = parse_resolution(form.fields.get("post_id"));
    match threads::mark_resolution(&state.db, &viewer, id, post_id).await {
        Ok(()) => see_other(&format!("{page}#resolution-title")),
        Err(e) => form.refuse(&state, &page, &format!("{page}/resolution"), e).await,
    }
}

#[tracing::instrument(skip_all, fields(thread = id))]
pub async fn lock(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    let page = format!("/t/{id}");
    let locked = form.fields.get("locked") == "1";
    match threads::set_locked(&state.db, &viewer, id, locked).await {
        Ok(()) => see_other(&page),
        Err(e) => form.refuse(&state, &page, &format!("{page}/lock"), e).await,
    }
}
