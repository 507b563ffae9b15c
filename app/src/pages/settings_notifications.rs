use super::util::{echo_for, query};
use crate::api::notify::notification_settings;
use crate::components::{ErrorSummary, PageData, PageTitle, RefusalNotice};
use crate::domain::notify_views::{NotificationSettingsPage, SubscriptionItem};
use leptos::prelude::*;

/// Every subscription of the member with its level, and their defaults.
#[component]
pub fn NotificationSettingsPageView() -> impl IntoView {
    view! {
        <PageTitle text="Notifications et abonnements" />
        <h1>"Notifications et abonnements"</h1>
        <RefusalNotice />
        {query("saved").map(|_| view! { <p class="notice" role="status" data-saved="true">"Vos préférences sont enregistrées."</p> })}
        <PageData load=notification_settings show=|page| view! { <Settings page /> } />
    }
}

#[component]
fn Settings(page: NotificationSettingsPage) -> impl IntoView {
    let echo = echo_for("/settings/notifications");
    view! {
        {page.email_failure.clone().map(|why| view! {
            <section class="notice mail-failure" data-mail-failure="true" aria-labelledby="failure-title">
                <h2 id="failure-title">"Les courriels ne vous parviennent plus"</h2>
                <p>{format!("Le serveur de messagerie de {} a refusé nos courriels : {why}", page.email)}</p>
                <p>"Nous n’y envoyons plus rien. Corrigez l’adresse dans « Mon compte », ou reprenez les envois si le problème est réglé."</p>
                <form method="post" action="/settings/notifications/resume">
                    <button type="submit" class="button button--secondary">"Reprendre les envois"</button>
                </form>
            </section>
        })}
        <section aria-labelledby="defaults-title">
            <h2 id="defaults-title">"Par défaut"</h2>
            <ErrorSummary echo />
            <form method="post" action="/settings/notifications" class="stack">
                <div class="checkbox">
                    <input type="checkbox" id="auto_watch" name="auto_watch" value="1" checked=page.auto_watch />
                    <label for="auto_watch">"Suivre les fils que je lance ou auxquels je réponds"</label>
                </div>
                <div class="checkbox">
                    <input type="checkbox" id="email_notifications" name="email_notifications" value="1" checked=page.email_notifications />
                    <label for="email_notifications">{format!("Recevoir les notifications par courriel ({})", page.email)}</label>
                </div>
                <button type="submit" class="button">"Enregistrer mes préférences"</button>
            </form>
            {(!page.verified).then(|| view! {
                <p class="hint">"Aucun courriel de notification n’est envoyé tant que votre adresse n’est pas confirmée."</p>
            })}
        </section>
        <section aria-labelledby="subscriptions-title">
            <h2 id="subscriptions-title">{format!("Mes abonnements ({})", page.subscriptions.len())}</h2>
            {if page.subscriptions.is_empty() {
                view! {
                    <p class="empty">"Vous ne suivez rien pour l’instant. Suivez une solution ou une norme depuis sa page, un couple solution × norme depuis la carte, ou un fil depuis le fil."</p>
                }.into_any()
            } else {
                view! {
                    <ul class="subscriptions">
                        {page.subscriptions.into_iter().map(|s| view! { <SubscriptionRow item=s /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn SubscriptionRow(item: SubscriptionItem) -> impl IntoView {
    let select_id = format!("level-{}", item.id);
    let current = item.level.as_str();
    view! {
        <li class="subscription" data-subscription=item.id data-level=current>
            <a href=item.href.clone()>{item.what.clone()}</a>
            <form method="post" action="/subscriptions" class="inline-fields">
                {item.fields.iter().map(|(k, v)| view! { <input type="hidden" name=k.clone() value=v.clone() /> }).collect_view()}
                <input type="hidden" name="next" value="/settings/notifications" />
                <label class="sr-only" for=select_id.clone()>{format!("Niveau pour {}", item.what)}</label>
                <select id=select_id name="level">
                    {item.levels.iter().map(|l| view! {
                        <option value=l.as_str() selected=l.as_str() == current>{l.label()}</option>
                    }).collect_view()}
                    <option value="none">"Ne plus suivre"</option>
                </select>
                <button type="submit" class="button button--small">"Modifier"</button>
            </form>
        </li>
    }
}
