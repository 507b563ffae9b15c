use crate::api::notify::load_subscription_box;
use super::number::grouped;
use crate::domain::{Level, SafeNext, TargetRef};
use super::viewer_region::{Region, ViewerRegion};
use leptos::prelude::*;

/// « Suivre » on a tag, pair or thread page: the number of followers and,
/// for a signed-in member, a plain form choosing the level (or none). It
/// loads its own data, so any page can hold one; it renders on the server.
#[component]
pub fn SubscribeBox(
    target: TargetRef,
    /// What is followed, for the label: « cette solution », « ce fil »…
    what: &'static str,
    /// The page to come back to.
    #[prop(into)]
    next: String,
) -> impl IntoView {
    let load = Resource::new_blocking(|| (), {
        let target = target.clone();
        move |_| load_subscription_box(target.clone())
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new({
                let (target, next) = (target.clone(), next.clone());
                async move {
                    let Ok(Some(b)) = load.await else { return ().into_any() };
                    let count = match b.followers {
                        0 => "Personne ne suit encore".to_string(),
                        1 => "1 personne suit".to_string(),
                        n => format!("{} personnes suivent", grouped(n)),
                    };
                    let region = Region::Follow { target: target.clone(), what, next: next.clone() };
                    view! {
                        <section class="subscribe" aria-label="Abonnement">
                            <p class="subscribe__count" data-subscribers=b.followers>{format!("{count} {what}.")}</p>
                            <ViewerRegion region>
                                <FollowForm target what signed_in=b.signed_in level=b.level next />
                            </ViewerRegion>
                        </section>
                    }
                        .into_any()
                }
            })}
        </Suspense>
    }
}

/// The viewer's part of a « Suivre » box: a plain form choosing the level
/// (or none) for a member, an invitation to sign in for anyone else.
#[component]
pub fn FollowForm(target: TargetRef, what: &'static str, signed_in: bool, level: Option<Level>, next: String) -> impl IntoView {
    if !signed_in {
        return view! {
            <p><a href=SafeNext::parse(&next).login_href()>"Connectez-vous"</a>{format!(" pour suivre {what}.")}</p>
        }
            .into_any();
    }
    let levels: Vec<Level> = match target {
        TargetRef::Thread(_) => Level::FOR_THREAD.to_vec(),
        _ => Level::ALL.to_vec(),
    };
    let fields: Vec<(&'static str, String)> = match target {
        TargetRef::Tag(slug) => vec![("tag", slug)],
        TargetRef::Pair { solution, standard } => vec![("solution", solution), ("standard", standard)],
        TargetRef::Thread(id) => vec![("thread", id.to_string())],
    };
    let current = level.map(Level::as_str).unwrap_or("none");
    view! {
        <form method="post" action="/subscriptions" class="inline-fields subscribe-form">
            {fields.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v /> }).collect_view()}
            <input type="hidden" name="next" value=next />
            <div class="field">
                <label for="subscription-level">{format!("Suivre {what}")}</label>
                <select id="subscription-level" name="level" data-level=current>
                    <option value="none" selected=current == "none">"Ne pas suivre"</option>
                    {levels.into_iter().map(|l| view! {
                        <option value=l.as_str() selected=current == l.as_str()>{l.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary">"Enregistrer"</button>
        </form>
    }
        .into_any()
}
