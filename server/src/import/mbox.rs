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
    /// The message being read.
    current: Option<RawMessage>,
    /// A dated `From ` line, until the next line tells whether it is a
    /// separator: it is one after a blank line (or at the start), as mbox
    /// writes it, or before a header, as pipermail (which does not always
    /// leave a blank line before it) writes it; else it is body text.
    held: Option<Held>,
    previous_blank: bool,
    done: bool,
}

struct Held {
    line: usize,
    date: Option<i64>,
    after_blank: bool,
    bytes: Vec<u8>,
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
        Ok(MboxReader { input, unescape_from: !pipermail, line: 0, current: None, held: None, previous_blank: true, done: false })
    }

    /// Adds a line to the message being read (starting one at `line` if none).
    fn push(&mut self, line: usize, bytes: &[u8]) {
        let message = self.current.get_or_insert_with(|| RawMessage { line, bytes: Vec::new(), envelope_date: None, too_large: false });
        if message.too_large {
            return;
        }
        if message.bytes.len() + bytes.len() > IMPORT_MESSAGE_MAX_BYTES {
            message.too_large = true;
            message.bytes = Vec::new();
            return;
        }
        let escaped_from = bytes.starts_with(b">") && bytes.iter().skip_while(|b| **b == b'>').take(5).eq(b"From ".iter());
        message.bytes.extend_from_slice(if self.unescape_from && escaped_from { &bytes[1..] } else { bytes });
    }

    /// The message read so far, if it holds anything.
    fn finished(message: Option<RawMessage>) -> Option<RawMessage> {
        message.filter(|m| !m.bytes.is_empty() || m.too_large)
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
            let eof = match self.input.read_until(b'\n', &mut buf) {
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Ok(n) => n == 0,
            };
            self.line += 1;
            let mut finished = None;
            if let Some(held) = self.held.take() {
                if held.after_blank || (!eof && is_header(&buf)) {
                    let next = RawMessage { line: held.line, bytes: Vec::new(), envelope_date: held.date, too_large: false };
                    finished = Self::finished(self.current.replace(next));
                } else {
                    self.push(held.line, &held.bytes);
                }
            }
            if eof {
                self.done = true;
                return Self::finished(self.current.take()).map(Ok);
            }
            match separator_date(&buf) {
                Some(date) => self.held = Some(Held { line: self.line, date, after_blank: self.previous_blank, bytes: buf.clone() }),
                None => self.push(self.line, &buf),
            }
            self.previous_blank = buf.iter().all(|b| b.is_ascii_whitespace());
            if let Some(message) = finished {
                return Some(Ok(message));
            }
        }
    }
}

/// `Name: value`, the first line of a message's headers.
fn is_header(line: &[u8]) -> bool {
    let name_len = line.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
    name_len > 0 && line.get(name_len) == Some(&b':')
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

    fn messages(text: &str) -> Vec<(usize, String)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.mbox");
        std::fs::write(&path, text).unwrap();
        MboxReader::open(&path).unwrap().map(|m| m.unwrap()).map(|m| (m.line, String::from_utf8(m.bytes).unwrap())).collect()
    }

    #[test]
    fn a_separator_follows_a_blank_line_or_precedes_a_header() {
        let text = "From a at b.fr  Fri Mar  1 05:33:55 2019\nFrom: a at b.fr\n\nbody\nFrom c at d.fr  Fri Mar  1 06:00:00 2019\nFrom: c at d.fr\n\n\
                    text\nFrom x at y.fr  Fri Mar  1 07:00:00 2019\nnot a header\n>From quoted\n\nFrom z  Fri Mar  1 08:00:00 2019\nno header\n";
        assert_eq!(
            messages(text),
            vec![
                (1, "From: a at b.fr\n\nbody\n".to_string()),
                (5, "From: c at d.fr\n\ntext\nFrom x at y.fr  Fri Mar  1 07:00:00 2019\nnot a header\nFrom quoted\n\n".to_string()),
                (13, "no header\n".to_string()),
            ],
            "a separator follows a blank line or precedes a header; a dated line in the middle of text is text"
        );
    }

    #[test]
    fn separator_lines_carry_their_date() {
        assert_eq!(separator_date(b"From even.rouault at spatialys.com  Fri Mar  1 05:33:55 2019\n"), Some(Some(1_551_418_435)));
        assert_eq!(separator_date(b"From MAILER-DAEMON Fri Mar 01 05:33:55 +0100 2019\n"), Some(Some(1_551_418_435)));
        assert_eq!(separator_date(b"From what I see, RFC-23 is internationalization\n"), None);
        assert_eq!(separator_date(b"From sqlPal I get LAT2 and LON2 data back on Mon Mar\n"), None);
        assert_eq!(separator_date(b">From x Fri Mar  1 05:33:55 2019\n"), None);
    }
}
