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

/// `StatusBadge`'s markup as a string, for the lists of threads (a test
/// keeps the two alike).
pub fn push_status_badge(out: &mut String, status: ThreadStatus, locked: bool) {
    let s = status.as_str();
    out.push_str(r#"<span data-status=""#);
    out.push_str(s);
    out.push_str(r#"" class="status status--"#);
    out.push_str(s);
    out.push_str(r#"">"#);
    out.push_str(status.label());
    out.push_str("</span>");
    if locked {
        out.push_str(r#"<span data-locked="" class="status status--locked">Verrouillé</span>"#);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_string_and_the_component_write_the_same_badges() {
        for status in ThreadStatus::ALL {
            for locked in [false, true] {
                let component = view! { <StatusBadge status locked /> }.to_html().replace("<!>", "");
                let mut string = String::new();
                push_status_badge(&mut string, status, locked);
                assert_eq!(string, component, "{status:?}, locked: {locked}");
            }
        }
    }
}
