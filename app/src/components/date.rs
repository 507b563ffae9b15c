use crate::domain::paris::PARIS;
use super::number::push_plain;
use jiff::Timestamp;
use jiff::tz::Offset;
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
    let at = moment(ts);
    out.push_str(r#"<time datetime=""#);
    push_iso_utc(out, at);
    out.push_str(r#"">"#);
    push_human(out, at);
    out.push_str("</time>");
}

const MONTHS: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];

/// (ISO 8601 UTC, French text in Paris time). A moment outside the
/// representable range (a corrupted value) is shown as the epoch rather than
/// failing the page.
pub fn format_paris(ts: i64) -> (String, String) {
    let at = moment(ts);
    let (mut iso, mut human) = (String::with_capacity(20), String::with_capacity(24));
    push_iso_utc(&mut iso, at);
    push_human(&mut human, at);
    (iso, human)
}

fn moment(ts: i64) -> Timestamp {
    Timestamp::from_second(ts).unwrap_or(Timestamp::UNIX_EPOCH)
}

// Written digit by digit: `format!` and `strftime` went through the
// formatting machinery twice for each row of a list.

/// `2026-11-30T12:00:00Z`.
fn push_iso_utc(out: &mut String, at: Timestamp) {
    let t = Offset::UTC.to_datetime(at);
    push_padded(out, t.year().into(), 4);
    for (separator, n) in [('-', t.month()), ('-', t.day()), ('T', t.hour()), (':', t.minute()), (':', t.second())] {
        out.push(separator);
        push_padded(out, n.into(), 2);
    }
    out.push('Z');
}

/// `30 nov. 2026 à 13:00`, in Paris time.
fn push_human(out: &mut String, at: Timestamp) {
    let t = PARIS.to_datetime(at);
    push_padded(out, t.day().into(), 1);
    out.push(' ');
    out.push_str(MONTHS[(t.month() - 1) as usize]);
    out.push(' ');
    push_padded(out, t.year().into(), 1);
    out.push_str(" à ");
    push_padded(out, t.hour().into(), 2);
    out.push(':');
    push_padded(out, t.minute().into(), 2);
}

/// `n` in at least `width` digits, zeros first; a negative one (a year
/// before 1) unpadded, as `strftime` writes it.
fn push_padded(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        out.push('-');
        return push_plain(out, n.abs());
    }
    let digits = n.unsigned_abs().checked_ilog10().map_or(1, |d| d as usize + 1);
    out.extend(std::iter::repeat_n('0', width.saturating_sub(digits)));
    push_plain(out, n.abs());
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

    /// Written digit by digit, the UTC value is what `strftime` writes and the
    /// French text what `format!` wrote, from before year 1 (a corrupted
    /// value) to the last representable second.
    #[test]
    fn both_values_are_written_as_the_formatting_machinery_writes_them() {
        let moments = [i64::MIN, -377_705_116_800, -62_135_596_801, -1, 0, 59, 951_782_400, 1_796_040_000, 253_402_300_799, i64::MAX];
        for ts in moments.into_iter().chain((0..200).map(|i| i * 7_919_993_011 - 400_000_000_000)) {
            let at = super::moment(ts);
            let (iso, human) = format_paris(ts);
            assert_eq!(iso, at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(), "{ts}");
            let p = crate::domain::paris::PARIS.to_datetime(at);
            let month = super::MONTHS[(p.month() - 1) as usize];
            assert_eq!(human, format!("{} {month} {} à {:02}:{:02}", p.day(), p.year(), p.hour(), p.minute()), "{ts}");
        }
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
