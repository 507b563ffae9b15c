use super::util::echo_for;
use crate::api::members::admin_members;
use crate::components::{ErrorSummary, PageData, PageTitle};
use crate::domain::{Role, limits::ADMIN_MEMBERS_MAX, views::MemberAdminRow};
use leptos::prelude::*;

/// Role management for administrators.
#[component]
pub fn AdminMembersPage() -> impl IntoView {
    view! {
        <PageTitle text="Membres" />
        <h1>"Gérer les membres"</h1>
        <PageData load=admin_members show=|rows| view! { <MemberRoles rows /> } />
    }
}

/// Every member with a form to change their role.
#[component]
fn MemberRoles(rows: Vec<MemberAdminRow>) -> impl IntoView {
    view! {
        <table class="admin-members">
            <caption>{format!("Membres et rôles (les {ADMIN_MEMBERS_MAX} plus récents)")}</caption>
            <thead><tr><th scope="col">"Nom"</th><th scope="col">"Adresse"</th><th scope="col">"Organisation"</th><th scope="col">"Rôle"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|m| {
                    let action = format!("/admin/members/{}/role", m.id);
                    let echo = echo_for(&action);
                    let select_id = format!("role-{}", m.id);
                    view! {
                        <tr>
                            <td><a href=format!("/u/{}", m.id)>{m.name.clone()}</a></td>
                            <td>{m.email}</td>
                            <td>{m.organisation.unwrap_or_default()}</td>
                            <td>
                                <ErrorSummary echo />
                                <form method="post" action=action class="inline-fields">
                                    <label class="sr-only" for=select_id.clone()>{format!("Rôle de {}", m.name)}</label>
                                    <select id=select_id name="role">
                                        {Role::ALL.into_iter().map(|r| view! {
                                            <option value=r.as_str() selected=r == m.role>{r.label()}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="submit" class="button button--small">"Changer"</button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
