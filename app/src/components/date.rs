use crate::domain::paris::PARIS;
use jiff::Timestamp;
use leptos::prelude::*;

/// A moment shown in Paris time ("12 nov. 2026 à 14:05"), with the machine-readable
/// UTC value in `datetime`.
#[component]
pub fn DateTime(ts: i64) -> impl IntoView {
    let (iso, human) = format_paris(ts);
    view! { <time datetime=iso>{human}</time> }
}

/// `DateTime`'s markup appended to a string, for the lists written as strings
/// (`thread_rows.rs`, a member's replies).
pub fn push_date_time(out: &mut String, ts: i64) {
    let (iso, human) = format_paris(ts);
    out.push_str(r#"<time datetime=""#);
    out.push_str(&iso);
    out.push_str(r#"">"#);
    out.push_str(&human);
    out.push_str("</time>");
}

const MONTHS: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];

/// (ISO 8601 UTC, French text in Paris time). A moment outside the
/// representable range (a corrupted value) is shown as the epoch rather than
/// failing the page.
pub fn format_paris(ts: i64) -> (String, String) {
    let at = Timestamp::from_second(ts).unwrap_or(Timestamp::UNIX_EPOCH);
    let local = PARIS.to_datetime(at);
    let month = MONTHS[(local.month() - 1) as usize];
    let human = format!("{} {month} {} à {:02}:{:02}", local.day(), local.year(), local.hour(), local.minute());
    (at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(), human)
}

#[cfg(test)]
mod tests {
    use super::{DateTime, format_paris, push_date_time};
    use leptos::prelude::*;

    #[test]
    fn the_string_and_the_component_write_the_same_time() {
        let mut string = String::new();
        push_date_time(&mut string, 1_796_040_000);
        assert_eq!(string, view! { <DateTime ts=1_796_040_000 /> }.to_html().replace("<!>", ""));
    }

    #[test]
    fn shows_paris_time_in_winter_and_summer() {
        // 2026-11-30T12:00:00Z is 13:00 in Paris (UTC+1).
        assert_eq!(format_paris(1_796_040_000), ("2026-11-30T12:00:00Z".into(), "30 nov. 2026 à 13:00".into()));
        // 2026-07-14T08:30:00Z is 10:30 in Paris (UTC+2).
        assert_eq!(format_paris(1_784_017_800).1, "14 juil. 2026 à 10:30");
        // 2024-02-29 exists.
        assert_eq!(format_paris(1_709_208_000).1, "29 févr. 2024 à 13:00");
        // Summer time starts on 2026-03-29 at 01:00 UTC: 00:59 UTC is 01:59, 01:00 UTC is 03:00.
        assert_eq!(format_paris(1_774_745_940).1, "29 mars 2026 à 01:59");
        assert_eq!(format_paris(1_774_746_000).1, "29 mars 2026 à 03:00");
    }
}
