//! The forum's time zone: dates are shown, facetted by year and filtered by
//! day in Paris time, summer time included.

use jiff::tz::TimeZone;
use std::sync::LazyLock;

/// Europe/Paris from the time-zone database built into the binary, looked up once.
pub static PARIS: LazyLock<TimeZone> =
    LazyLock::new(|| TimeZone::get("Europe/Paris").expect("the bundled time-zone database has Europe/Paris"));
