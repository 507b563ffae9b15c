use super::util::echo_for;
use crate::components::number::grouped;
use crate::api::tags::admin_tags;
use crate::components::{ErrorSummary, Field, FieldMessage, PageData, PageTitle, textarea_text};
use crate::domain::views::TagAdminRow;
use leptos::prelude::*;

/// Taxonomy curation for moderators: create, edit, merge.
#[component]
pub fn AdminTagsPage() -> impl IntoView {
    view! {
        <PageTitle text="Tags" />
        <h1>"Gérer les tags"</h1>
        <PageData load=admin_tags show=|rows| view! { <TagAdminList rows /> } />
    }
}

#[component]
fn TagAdminList(rows: Vec<TagAdminRow>) -> impl IntoView {
    view! {
        <CreateTagForm />
        <h2>"Tags existants"</h2>
        <ul class="admin-tags">
            {rows.into_iter().map(|row| view! { <TagAdminItem row /> }).collect_view()}
        </ul>
    }
}

#[component]
fn CreateTagForm() -> impl IntoView {
    let echo = echo_for("/admin/tags");
    let v = |n: &str| echo.as_ref().and_then(|e| e.value(n)).unwrap_or_default().to_string();
    let kind = v("kind");
    view! {
        <section class="card" aria-labelledby="create-tag">
            <h2 id="create-tag">"Créer un tag"</h2>
            <ErrorSummary echo=echo.clone() />
            <form method="post" action="/admin/tags" class="stack">
                <Field id="new-slug" name="slug" label="Identifiant (dans l’adresse)" value=v("slug") echo=echo.clone() />
                <div class="field">
                    <label for="new-kind">"Type"</label>
                    <select id="new-kind" name="kind">
                        <option value="solution" selected=kind == "solution">"Solution"</option>
                        <option value="standard" selected=kind == "standard">"Norme"</option>
                    </select>
                </div>
                <Field id="new-name" name="name" label="Nom" value=v("name") echo=echo.clone() />
                <div class="field">
                    <label for="new-description">"Description"</label>
                    <textarea id="new-description" name="description" rows="3">{textarea_text(&v("description"))}</textarea>
                    <FieldMessage echo=echo.clone() field="description" />
                </div>
                <Field id="new-url" name="url" label="Lien" kind="url" value=v("url") echo=echo.clone() />
                <button type="submit" class="button">"Créer le tag"</button>
            </form>
        </section>
    }
}

#[component]
fn TagAdminItem(row: TagAdminRow) -> impl IntoView {
    let edit_action = format!("/admin/tags/{}/edit", row.slug);
    let merge_action = format!("/admin/tags/{}/merge", row.slug);
    let echo_edit = echo_for(&edit_action);
    let echo_merge = echo_for(&merge_action);
    let id = |f: &str| format!("{}-{f}", row.slug);
    let value = |f: &str, saved: &str| echo_edit.as_ref().and_then(|e| e.value(f)).unwrap_or(saved).to_string();
    let name = value("name", &row.name);
    let description = value("description", &row.description);
    let url = value("url", row.url.as_deref().unwrap_or_default());
    view! {
        <li class="admin-tag">
            <details open=echo_edit.is_some() || echo_merge.is_some()>
                <summary>
                    <span class="tag__kind">{row.kind.label()}</span> " " <strong>{row.name.clone()}</strong>
                    " (" {row.slug.clone()} ") — " {format!("{} fil(s)", grouped(row.thread_count))}
                    {row.merged_into.clone().map(|m| view! { " — synonyme de " <a href=format!("/tags/{m}")>{m.clone()}</a> })}
                </summary>
                <ErrorSummary echo=echo_edit.clone() />
                <form method="post" action=edit_action class="stack">
                    <Field id=id("name") name="name" label="Nom" value=name echo=echo_edit.clone() />
                    <div class="field">
                        <label for=id("description")>"Description"</label>
                        <textarea id=id("description") name="description" rows="3">{textarea_text(&description)}</textarea>
                    </div>
                    <Field id=id("url") name="url" label="Lien" kind="url" value=url echo=echo_edit.clone() />
                    <button type="submit" class="button button--secondary">"Enregistrer"</button>
                </form>
                {row.merged_into.is_none().then(|| view! {
                    <ErrorSummary echo=echo_merge.clone() />
                    <form method="post" action=merge_action class="inline-fields">
                        <Field id=id("into") name="into" label="Fusionner dans le tag (identifiant)"
                            value=echo_merge.as_ref().and_then(|e| e.value("into")).unwrap_or_default().to_string()
                            echo=echo_merge.clone() />
                        <button type="submit" class="button button--secondary">"Fusionner"</button>
                    </form>
                })}
            </details>
        </li>
    }
}
