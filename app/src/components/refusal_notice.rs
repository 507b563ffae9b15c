use super::textarea_text;
use crate::domain::FormEcho;
use leptos::prelude::*;

/// The fields whose typed text a refusal gives back when their form is not
/// on the page, with the label to show them under.
const TYPED_FIELDS: [(&str, &str); 8] = [
    ("title", "Titre"),
    ("body", "Message"),
    ("name", "Nom"),
    ("slug", "Identifiant"),
    ("description", "Description"),
    ("url", "Lien"),
    ("into", "Fusionner dans le tag"),
    ("duplicate_of", "Doublon du fil n°"),
];

/// A refused form, said at the top of the page, where the browser shows a
/// form's answer. `shown` lists the forms this page displays to this viewer
/// (action, anchor of the form): the notice links to the form, which shows
/// its own field messages. When the refused form is not on the page (the
/// thread was locked meanwhile, the viewer may not use it), the notice gives
/// back what was typed in read-only fields, so nothing is lost.
#[component]
pub fn RefusalNotice(#[prop(optional)] shown: Vec<(String, &'static str)>) -> impl IntoView {
    let echo = use_context::<FormEcho>().filter(|e| !e.errors.is_empty());
    echo.map(|echo| notice(echo, &shown))
}

fn notice(echo: FormEcho, shown: &[(String, &'static str)]) -> impl IntoView + use<> {
    let anchor = shown.iter().find(|(action, _)| echo.is_for(action)).map(|(_, anchor)| *anchor);
    let messages: Vec<String> = echo.messages().map(str::to_string).collect();
    let kept = match anchor {
        Some(_) => Vec::new(),
        None => TYPED_FIELDS
            .iter()
            .filter_map(|(field, label)| {
                echo.value(field).filter(|v| !v.trim().is_empty()).map(|v| (*field, *label, v.to_string()))
            })
            .collect(),
    };
    view! {
        <div class="refusal" id="refusal" role="alert" data-refused-action=echo.action.clone()>
            <h2>"Rien n’a été enregistré"</h2>
            <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            {anchor.map(|a| view! { <p><a href=format!("#{a}")>"Aller au formulaire"</a></p> })}
            {(!kept.is_empty()).then(|| view! {
                <p>"Voici ce que vous aviez saisi : copiez-le pour ne pas le perdre."</p>
                {kept.into_iter().map(|(field, label, value)| {
                    let id = format!("refused-{field}");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{label}</label>
                            <textarea id=id readonly rows=if field == "body" { 8 } else { 2 }>{textarea_text(&value)}</textarea>
                        </div>
                    }
                }).collect_view()}
            })}
        </div>
    }
}
