//! Cutting an archive file into messages, streaming: standard mbox files
//! and pipermail's monthly text archives (`.txt`, or `.txt.gz` as Mailman
//! serves them). Memory holds one message at a time, whatever the file's size.

use app::domain::limits::IMPORT_MESSAGE_MAX_BYTES;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

/// One message's bytes as the archive holds them.
#[derive(Debug)]
pub struct RawMessage {
    /// Line of the file (from 1) where the message starts.
    pub line: usize,
    /// Without the `From ` separator line.
    pub bytes: Vec<u8>,
    /// The date of the `From ` separator line, when there was one.
    pub envelope_date: Option<i64>,
    /// Larger than `IMPORT_MESSAGE_MAX_BYTES`: its bytes were not kept.
    pub too_large: bool,
}

/// The messages of one archive file, in file order.
pub struct MboxReader {
    input: Box<dyn BufRead>,
    /// Pipermail archives do not escape `From ` in bodies (so no unescaping);
    /// mbox files written by mail programs do (`>From `, mboxrd).
    unescape_from: bool,
    line: usize,
    next: Option<RawMessage>,
    previous_blank: bool,
    done: bool,
}

impl MboxReader {
    /// Opens `path`, gunzipping a `.gz`; a `.txt` (or `.txt.gz`) is a pipermail archive.
    pub fn open(path: &Path) -> io::Result<MboxReader> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
        let file = File::open(path)?;
        let input: Box<dyn BufRead> = if name.ends_with(".gz") {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
        } else {
            Box::new(BufReader::new(file))
        };
        let pipermail = name.ends_with(".txt") || name.ends_with(".txt.gz");
        Ok(MboxReader { input, unescape_from: !pipermail, line: 0, next: None, previous_blank: true, done: false })
    }

    fn start(line: usize, envelope_date: Option<i64>) -> RawMessage {
        RawMessage { line, bytes: Vec::new(), envelope_date, too_large: false }
    }
}

impl Iterator for MboxReader {
    type Item = io::Result<RawMessage>;

    fn next(&mut self) -> Option<io::Result<RawMessage>> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match self.input.read_until(b'\n', &mut buf) {
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Ok(0) => {
                    self.done = true;
                    return self.next.take().filter(|m| !m.bytes.is_empty() || m.too_large).map(Ok);
                }
                Ok(_) => {}
            }
            self.line += 1;
            let separator_date = if self.previous_blank { separator_date(&buf) } else { None };
            self.previous_blank = buf.iter().all(|b| b.is_ascii_whitespace());
            if let Some(date) = separator_date {
                let finished = self.next.replace(Self::start(self.line, date));
                match finished {
                    Some(m) if !m.bytes.is_empty() || m.too_large => return Some(Ok(m)),
                    _ => continue,
                }
            }
            let line = self.line;
            let message = self.next.get_or_insert_with(|| Self::start(line, None));
            if message.too_large {
                continue;
            }
            if message.bytes.len() + buf.len() > IMPORT_MESSAGE_MAX_BYTES {
                message.too_large = true;
                message.bytes = Vec::new();
                continue;
            }
            let unescaped = if self.unescape_from && buf.starts_with(b">") && buf.iter().skip_while(|b| **b == b'>').take(5).eq(b"From ".iter()) {
                &buf[1..]
            } else {
                &buf[..]
            };
            message.bytes.extend_from_slice(unescaped);
        }
    }
}

/// The date of an mbox separator line, `From sender  Fri Mar  1 05:33:55 2019`
/// (a time zone may stand before the year): `None` when the line is not a
/// separator, `Some(None)` when it is one with an impossible date.
fn separator_date(line: &[u8]) -> Option<Option<i64>> {
    let line = std::str::from_utf8(line.strip_prefix(b"From ")?).ok()?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let month_at = words.iter().position(|w| MONTHS.contains(w))?;
    let (weekday, rest) = (words.get(month_at.checked_sub(1)?)?, &words[month_at..]);
    if !WEEKDAYS.contains(weekday) || rest.len() < 4 {
        return None;
    }
    let month = MONTHS.iter().position(|m| m == &rest[0])? as u8 + 1;
    let day: u8 = rest[1].parse().ok()?;
    let hms: Vec<u8> = rest[2].split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let year: u16 = rest.last()?.parse().ok()?;
    let date = mail_parser::DateTime {
        year,
        month,
        day,
        hour: *hms.first()?,
        minute: *hms.get(1)?,
        second: hms.get(2).copied().unwrap_or(0),
        tz_before_gmt: false,
        tz_hour: 0,
        tz_minute: 0,
    };
    Some(date.is_valid().then(|| date.to_timestamp()))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The date of the first separator line of `path`, to read the files of an
/// import oldest first (so replies find their parents); `None` if unreadable.
pub fn first_date(path: &Path) -> Option<i64> {
    MboxReader::open(path).ok()?.next()?.ok()?.envelope_date
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_lines_carry_their_date() {
        assert_eq!(separator_date(b"From even.rouault at spatialys.com  Fri Mar  1 05:33:55 2019\n"), Some(Some(1_551_418_435)));
        assert_eq!(separator_date(b"From MAILER-DAEMON Fri Mar 01 05:33:55 +0100 2019\n"), Some(Some(1_551_418_435)));
        assert_eq!(separator_date(b"From what I see, RFC-23 is internationalization\n"), None);
        assert_eq!(separator_date(b"From sqlPal I get LAT2 and LON2 data back on Mon Mar\n"), None);
        assert_eq!(separator_date(b">From x Fri Mar  1 05:33:55 2019\n"), None);
    }
}
