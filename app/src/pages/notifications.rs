use super::util::query;
use crate::components::number::grouped;
use crate::api::notify::notification_list;
use crate::components::{DateTime, PageData, PageTitle, Pager, RefusalNotice};
use crate::domain::notify_views::NotificationsPage;
use leptos::prelude::*;

/// The member's notifications: the same events as the mails, newest first.
#[component]
pub fn NotificationsPageView() -> impl IntoView {
    let page = query("page");
    let load = move || notification_list(page.clone());
    view! {
        <PageTitle text="Notifications" />
        <h1>"Notifications"</h1>
        <RefusalNotice />
        <PageData load show=|page| view! { <NotificationList page /> } />
        <p><a href="/settings/notifications">"Gérer mes abonnements"</a></p>
    }
}

#[component]
fn NotificationList(page: NotificationsPage) -> impl IntoView {
    let here = if page.page > 1 { format!("/notifications?page={}", page.page) } else { "/notifications".to_string() };
    view! {
        <p class="list-count" data-unread=page.unread>
            {match page.unread {
                0 => "Aucune notification non lue.".to_string(),
                1 => "1 notification non lue.".to_string(),
                n => format!("{} notifications non lues.", grouped(n)),
            }}
        </p>
        {(page.unread > 0).then(|| view! {
            <form method="post" action="/notifications/read-all">
                <button type="submit" class="button button--secondary">"Tout marquer comme lu"</button>
            </form>
        })}
        {if page.items.is_empty() {
            view! { <p class="empty">"Rien pour l’instant : suivez des solutions, des normes ou des fils pour être prévenu."</p> }.into_any()
        } else {
            view! {
                <ul class="notifications">
                    {page.items.into_iter().map(|n| {
                        let class = if n.unread { "notification notification--unread" } else { "notification" };
                        view! {
                            <li class=class data-notification=n.id data-unread=n.unread.to_string()>
                                {n.unread.then(|| view! { <span class="notification__badge">"Non lu"</span> })}
                                " " {n.text} " " <a href=n.href>{n.thread_title}</a>
                                " — " <DateTime ts=n.created_at />
                                {n.unread.then(|| view! {
                                    <form method="post" action=format!("/notifications/{}/read", n.id) class="inline-form">
                                        <input type="hidden" name="next" value=here.clone() />
                                        <button type="submit" class="link-button">"Marquer comme lu"</button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Pager page=page.page pages=page.pages href_for=|p| format!("/notifications?page={p}") />
    }
}
