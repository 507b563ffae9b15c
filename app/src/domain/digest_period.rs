//! The periods a digest covers, in Paris time: a calendar day (midnight to
//! midnight), or a week from Monday midnight to the next. A digest is sent
//! once its period has ended, and names it by a key ("daily:2026-12-02",
//! "weekly:2026-11-30", the Monday) that makes it unique.

use super::paris::PARIS;
use super::subscription::Level;
use jiff::civil::{Date, Time, Weekday};
use jiff::{Timestamp, ToSpan};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestPeriod {
    pub level: Level,
    /// First day of the period (Paris).
    pub first_day: Date,
    /// Unix seconds: start included, end excluded.
    pub start: i64,
    pub end: i64,
}

impl DigestPeriod {
    /// The last period of `level` (daily or weekly) that has ended at `now`.
    pub fn last_ended(level: Level, now: i64) -> Option<Self> {
        let today = PARIS.to_datetime(Timestamp::from_second(now).ok()?).date();
        let (first_day, days) = match level {
            Level::Daily => (today.checked_sub(1.day()).ok()?, 1),
            Level::Weekly => {
                let this_monday = today.checked_sub((today.weekday().to_monday_zero_offset() as i64).days()).ok()?;
                (this_monday.checked_sub(7.days()).ok()?, 7)
            }
            _ => return None,
        };
        Self::from_first_day(level, first_day, days)
    }

    fn from_first_day(level: Level, first_day: Date, days: i64) -> Option<Self> {
        let midnight = |d: Date| PARIS.to_timestamp(d.to_datetime(Time::midnight())).ok().map(|t| t.as_second());
        let end_day = first_day.checked_add(days.days()).ok()?;
        Some(Self { level, first_day, start: midnight(first_day)?, end: midnight(end_day)? })
    }

    /// "daily:2026-12-02", "weekly:2026-11-30".
    pub fn key(&self) -> String {
        format!("{}:{}", self.level.as_str(), self.first_day)
    }

    /// The period a key names (as stored in the outbox).
    pub fn parse_key(key: &str) -> Option<Self> {
        let (level, day) = key.split_once(':')?;
        let level = Level::parse(level)?;
        let first_day: Date = day.parse().ok()?;
        match level {
            Level::Daily => Self::from_first_day(level, first_day, 1),
            Level::Weekly if first_day.weekday() == Weekday::Monday => Self::from_first_day(level, first_day, 7),
            _ => None,
        }
    }

    /// In words, for the mail: « du 2 décembre 2026 », « de la semaine du 30 novembre 2026 ».
    pub fn text(&self) -> String {
        const MONTHS: [&str; 12] = [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
        ];
        let d = self.first_day;
        let day = format!("{} {} {}", d.day(), MONTHS[(d.month() - 1) as usize], d.year());
        match self.level {
            Level::Weekly => format!("de la semaine du {day}"),
            _ => format!("du {day}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-03T09:00:00Z, a Thursday, 10:00 in Paris.
    const THURSDAY: i64 = 1_796_288_400;

    #[test]
    fn the_daily_digest_covers_yesterday_midnight_to_midnight_in_paris() {
        let p = DigestPeriod::last_ended(Level::Daily, THURSDAY).unwrap();
        assert_eq!(p.key(), "daily:2026-12-02");
        // 2026-12-02T00:00+01:00 is 2026-12-01T23:00Z.
        assert_eq!(p.start, 1_796_166_000);
        assert_eq!(p.end - p.start, 86_400);
        assert_eq!(p.text(), "du 2 décembre 2026");
        assert_eq!(DigestPeriod::parse_key("daily:2026-12-02"), Some(p));
        // 00:30 in Paris on the 3rd (23:30Z on the 2nd): the 2nd has ended.
        assert_eq!(DigestPeriod::last_ended(Level::Daily, 1_796_167_800 + 86_400).unwrap().key(), "daily:2026-12-02");
        // 23:30 in Paris on the 2nd: only the 1st has ended.
        assert_eq!(DigestPeriod::last_ended(Level::Daily, 1_796_167_800 + 86_400 - 3_600).unwrap().key(), "daily:2026-12-01");
    }

    #[test]
    fn the_weekly_digest_covers_the_last_whole_week_monday_to_monday() {
        let p = DigestPeriod::last_ended(Level::Weekly, THURSDAY).unwrap();
        assert_eq!(p.key(), "weekly:2026-11-23");
        assert_eq!(p.end - p.start, 7 * 86_400);
        assert_eq!(p.text(), "de la semaine du 23 novembre 2026");
        assert_eq!(DigestPeriod::parse_key(&p.key()), Some(p));
        assert_eq!(DigestPeriod::parse_key("weekly:2026-11-24"), None, "a week starts on a Monday");
        assert_eq!(DigestPeriod::parse_key("muted:2026-11-23"), None);
    }

    #[test]
    fn a_day_when_summer_time_starts_is_23_hours_long() {
        // 2026-03-30T10:00:00Z: the last day ended is the 29th, when clocks went forward.
        let p = DigestPeriod::last_ended(Level::Daily, 1_774_864_800).unwrap();
        assert_eq!(p.key(), "daily:2026-03-29");
        assert_eq!(p.end - p.start, 23 * 3_600);
        assert!(DigestPeriod::last_ended(Level::Watching, THURSDAY).is_none());
    }
}
