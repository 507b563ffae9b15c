use crate::domain::ThreadStatus;
use leptos::prelude::*;

/// A thread's status as text with a distinct shape per status (the CSS gives
/// each an icon-like marker), never colour alone.
#[component]
pub fn StatusBadge(status: ThreadStatus, #[prop(optional)] locked: bool) -> impl IntoView {
    view! {
        <span class=format!("status status--{}", status.as_str()) data-status=status.as_str()>{status.label()}</span>
        {locked.then(|| view! { <span class="status status--locked" data-locked="">"Verrouillé"</span> })}
    }
}
