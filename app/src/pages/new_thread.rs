use super::util::{echo_for, query, redirect};
use crate::api::{search::similar_threads, session::current_viewer, threads::tag_choices};
use crate::components::{ErrorSummary, Field, FieldMessage, MessageField, PageData, PageTitle, SimilarThreads};
use crate::domain::limits::{TAG_DETAIL_MAX_CHARS, TAGS_PER_KIND_MAX, TITLE_MAX_CHARS};
use crate::domain::{FormEcho, SafeNext, TagKind, search_results::SimilarThread, views::TagChoice};
use leptos::prelude::*;

/// Starting a thread: title, Markdown message, solutions (with versions) and
/// standards (with clauses). "Prévisualiser" shows the rendered message and
/// keeps everything typed; "Publier" saves.
#[component]
pub fn NewThreadPage() -> impl IntoView {
    // After any round trip of the form (preview, refusal, « Chercher des fils
    // semblables »), the threads similar to what was typed.
    let typed = echo_for("/new").map(|e| (e.value("title").unwrap_or_default().to_string(), e.value("body").unwrap_or_default().to_string()));
    let load = move || {
        let typed = typed.clone();
        async move {
            let similar = match typed {
                Some((title, body)) => Some(similar_threads(title, body).await?),
                None => None,
            };
            Ok((current_viewer().await?.is_some(), tag_choices().await?, similar))
        }
    };
    view! {
        <PageTitle text="Nouveau fil" />
        <h1>"Nouveau fil"</h1>
        <PageData load show=|(signed_in, choices, similar)| view! { <NewThreadOrSignIn signed_in choices similar /> } />
    }
}

/// The form for a member; anyone else is sent to sign in first (and back here after).
#[component]
fn NewThreadOrSignIn(signed_in: bool, choices: Vec<TagChoice>, similar: Option<Vec<SimilarThread>>) -> impl IntoView {
    if !signed_in {
        let login = SafeNext::parse("/new").login_href();
        redirect(&login);
        return view! {
            <p>"Vous devez être connecté pour ouvrir un fil. " <a href=login>"Se connecter"</a></p>
        }
            .into_any();
    }
    view! { <NewThreadForm echo=echo_for("/new") choices similar /> }.into_any()
}

#[component]
fn NewThreadForm(echo: Option<FormEcho>, choices: Vec<TagChoice>, similar: Option<Vec<SimilarThread>>) -> impl IntoView {
    let searched = similar.is_some();
    let value = |name: &str| echo.as_ref().and_then(|e| e.value(name)).unwrap_or_default().to_string();
    let title = value("title");
    let body = value("body");
    let preview = echo.as_ref().and_then(|e| e.preview_html.clone());
    view! {
        <ErrorSummary echo=echo.clone() />
        {preview.map(|html| view! {
            <section class="preview" aria-labelledby="preview-title">
                <h2 id="preview-title">"Aperçu"</h2>
                <div class="post-body" inner_html=html></div>
            </section>
        })}
        <form method="post" action="/new" class="stack thread-form">
            <Field id="title" name="title" label="Titre" value=title echo=echo.clone() maxlength=TITLE_MAX_CHARS
                announced_required=true
                hint="Nommez les deux solutions et ce qui échoue, par exemple « Le moissonnage CSW de Prodige échoue dans geOrchestra »." />
            <MessageField id="body" label="Message" initial=body rows=14 echo=echo.clone() />
            <SimilarThreads initial=similar.unwrap_or_default() searched />
            <p class="similar__look">
                <button type="submit" name="intent" value="similar" class="button button--secondary">"Chercher des fils semblables"</button>
            </p>
            <TagRows kind=TagKind::Solution choices=choices.clone() echo=echo.clone() />
            <TagRows kind=TagKind::Standard choices=choices echo=echo.clone() />
            <div class="form-actions">
                <button type="submit" name="intent" value="publish" class="button">"Publier"</button>
                <button type="submit" name="intent" value="preview" class="button button--secondary">"Prévisualiser"</button>
            </div>
        </form>
    }
}

/// The rows for one tag kind: a choice of tag and its version or clause.
#[component]
fn TagRows(kind: TagKind, choices: Vec<TagChoice>, echo: Option<FormEcho>) -> impl IntoView {
    let (field, detail_field, legend, noun, detail_noun, hint) = match kind {
        TagKind::Solution => (
            "solution",
            "solution_version",
            "Solutions concernées",
            "Solution",
            "Version de la solution",
            "Au moins une. Précisez la version quand vous la connaissez (ex. 2.25).",
        ),
        TagKind::Standard => (
            "standard",
            "standard_clause",
            "Normes concernées",
            "Norme",
            "Clause de la norme",
            "Au moins une. Précisez la clause en cause si vous la connaissez (ex. /req/core/fc-limit-default).",
        ),
    };
    // Without an echo, a tag given in the address (`/new?solution=geoserver`) is preselected.
    let preset = query(field);
    let rows = (0..TAGS_PER_KIND_MAX)
        .map(|i| {
            let selected = match &echo {
                Some(e) => e.nth_value(field, i).unwrap_or_default().to_string(),
                None if i == 0 => preset.clone().unwrap_or_default(),
                None => String::new(),
            };
            let detail = echo.as_ref().and_then(|e| e.nth_value(detail_field, i)).unwrap_or_default().to_string();
            let n = i + 1;
            let select_id = format!("{field}-{n}");
            let detail_id = format!("{detail_field}-{n}");
            let options = choices
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| {
                    let sel = c.slug == selected;
                    view! { <option value=c.slug.clone() selected=sel>{c.name.clone()}</option> }
                })
                .collect_view();
            view! {
                <div class="tag-row">
                    <div class="field">
                        <label for=select_id.clone()>{format!("{noun} {n}")}</label>
                        <select id=select_id name=field>
                            <option value="">"—"</option>
                            {options}
                        </select>
                    </div>
                    <Field id=detail_id name=detail_field label=format!("{detail_noun} {n}") value=detail
                        maxlength=TAG_DETAIL_MAX_CHARS />
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="tag-rows" aria-describedby=format!("{field}-hint")>
            <legend>{legend}</legend>
            <p class="hint" id=format!("{field}-hint")>{hint}</p>
            <FieldMessage echo=echo.clone() field=field />
            <FieldMessage echo=echo.clone() field=detail_field />
            {rows}
        </fieldset>
    }
}
