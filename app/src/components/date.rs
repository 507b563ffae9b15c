use leptos::prelude::*;

/// A moment shown in Paris time ("12 nov. 2026 à 14:05"), with the machine-readable
/// UTC value in `datetime`.
#[component]
pub fn DateTime(ts: i64) -> impl IntoView {
    let (iso, human) = format_paris(ts);
    view! { <time datetime=iso>{human}</time> }
}

const MONTHS: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];

/// Days since 1970-01-01 to (year, month 1-12, day 1-31) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Unix seconds of the last Sunday of `month` at 01:00 UTC (EU summer-time switch).
fn last_sunday_1am(year: i64, month: u32) -> i64 {
    let days_in = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(month - 1) as usize] as i64;
    // Find the day number of the month's last day, then step back to a Sunday.
    let mut day = days_from_civil(year, month, days_in as u32);
    while (day + 4).rem_euclid(7) != 0 {
        day -= 1;
    }
    day * 86_400 + 3_600
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (ISO 8601 UTC, French text in Paris time).
pub fn format_paris(ts: i64) -> (String, String) {
    let (y, mo, d) = civil_from_days(ts.div_euclid(86_400));
    let s = ts.rem_euclid(86_400);
    let iso = format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60);
    let summer = ts >= last_sunday_1am(y, 3) && ts < last_sunday_1am(y, 10);
    let local = ts + if summer { 7_200 } else { 3_600 };
    let (ly, lm, ld) = civil_from_days(local.div_euclid(86_400));
    let ls = local.rem_euclid(86_400);
    let human = format!("{ld} {} {ly} à {:02}:{:02}", MONTHS[(lm - 1) as usize], ls / 3600, ls / 60 % 60);
    (iso, human)
}

#[cfg(test)]
mod tests {
    use super::format_paris;

    #[test]
    fn shows_paris_time_in_winter_and_summer() {
        // 2026-11-30T12:00:00Z is 13:00 in Paris (UTC+1).
        assert_eq!(format_paris(1_796_040_000), ("2026-11-30T12:00:00Z".into(), "30 nov. 2026 à 13:00".into()));
        // 2026-07-14T08:30:00Z is 10:30 in Paris (UTC+2).
        assert_eq!(format_paris(1_784_017_800).1, "14 juil. 2026 à 10:30");
        // 2024-02-29 exists.
        assert_eq!(format_paris(1_709_208_000).1, "29 févr. 2024 à 13:00");
    }
}
