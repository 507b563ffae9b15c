use crate::extract::{FormPost, PathId, SignedIn, see_other};
use crate::state::AppState;
use app::domain::{NewTag, Role, TagFields};
use app::forum::{members, tags};
use axum::extract::{Path, State};
use axum::response::Response;

#[tracing::instrument(skip_all)]
pub async fn create_tag(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    let f = &form.fields;
    let tag = NewTag::parse(f.get("slug"), f.get("kind"), f.get("name"), f.get("description"), f.get("url"));
    match tags::create_tag(&state.db, &viewer, tag).await {
        Ok(slug) => see_other(&format!("/tags/{slug}")),
        Err(e) => form.refuse(&state, "/admin/tags", "/admin/tags", e).await,
    }
}

#[tracing::instrument(skip_all, fields(tag = %slug))]
pub async fn edit_tag(State(state): State<AppState>, SignedIn(viewer): SignedIn, Path(slug): Path<String>, form: FormPost) -> Response {
    let f = &form.fields;
    let fields = TagFields::parse(f.get("name"), f.get("description"), f.get("url"));
    match tags::update_tag(&state.db, &viewer, &slug, fields).await {
        Ok(()) => see_other(&format!("/tags/{slug}")),
        Err(e) => form.refuse(&state, "/admin/tags", &format!("/admin/tags/{slug}/edit"), e).await,
    }
}

#[tracing::instrument(skip_all, fields(tag = %slug))]
pub async fn merge_tag(State(state): State<AppState>, SignedIn(viewer): SignedIn, Path(slug): Path<String>, form: FormPost) -> Response {
    let into = form.fields.get("into").trim().to_lowercase();
    match tags::merge_tags(&state.db, &viewer, &slug, &into).await {
        Ok(()) => see_other(&format!("/tags/{into}")),
        Err(e) => form.refuse(&state, "/admin/tags", &format!("/admin/tags/{slug}/merge"), e).await,
    }
}

#[tracing::instrument(skip_all, fields(member = id))]
pub async fn set_role(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    match members::set_role(&state.db, &viewer, id, Role::parse_field(form.fields.get("role"))).await {
        Ok(()) => see_other("/admin/members"),
        Err(e) => form.refuse(&state, "/admin/members", &format!("/admin/members/{id}/role"), e).await,
    }
}
