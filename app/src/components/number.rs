//! Counts as a French reader writes them: digits in groups of three joined by
//! a narrow no-break space (« 16 030 », as `Intl.NumberFormat("fr-FR")`
//! writes them), which never lets a line break inside a number.

/// The narrow no-break space (U+202F) between groups of digits.
const GROUP_SEPARATOR: char = '\u{202F}';

/// `n` with its digits grouped by three.
pub fn grouped(n: impl Into<i128>) -> String {
    let mut out = String::new();
    push_grouped(&mut out, n);
    out
}

/// Writes `n` with its digits grouped by three (no allocation: the map writes
/// two counts a cell).
pub fn push_grouped(out: &mut String, n: impl Into<i128>) {
    push_digits(out, n.into(), Some(GROUP_SEPARATOR));
}

/// Writes `n` as plain digits, as an attribute's value is read (`data-open`):
/// `write!` went through the formatting machinery for each of the map's
/// thousand numbers.
pub fn push_plain(out: &mut String, n: impl Into<i128>) {
    push_digits(out, n.into(), None);
}

fn push_digits(out: &mut String, n: i128, separator: Option<char>) {
    if n < 0 {
        out.push('-');
    }
    // The digits, least significant first: 39 hold any i128. Every count
    // fits in 64 bits, where dividing by ten is one multiplication; a
    // 128-bit division is a call into the runtime library (the map writes
    // a thousand numbers).
    let (mut digits, mut len) = ([0u8; 39], 0);
    let mut wide = n.unsigned_abs();
    let mut rest = loop {
        match u64::try_from(wide) {
            Ok(rest) => break rest,
            Err(_) => {
                digits[len] = b'0' + (wide % 10) as u8;
                len += 1;
                wide /= 10;
            }
        }
    };
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if let Some(separator) = separator.filter(|_| i > 0 && i % 3 == 0) {
            out.push(separator);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{grouped, push_plain};

    #[test]
    fn digits_are_grouped_by_three_from_the_right() {
        for (n, text) in [
            (0i128, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1\u{202F}000"),
            (16_030, "16\u{202F}030"),
            (100_000, "100\u{202F}000"),
            (1_234_567, "1\u{202F}234\u{202F}567"),
            (-62_113, "-62\u{202F}113"),
            (i128::MIN, "-170\u{202F}141\u{202F}183\u{202F}460\u{202F}469\u{202F}231\u{202F}731\u{202F}687\u{202F}303\u{202F}715\u{202F}884\u{202F}105\u{202F}728"),
            (u64::MAX.into(), "18\u{202F}446\u{202F}744\u{202F}073\u{202F}709\u{202F}551\u{202F}615"),
            (i64::MIN.into(), "-9\u{202F}223\u{202F}372\u{202F}036\u{202F}854\u{202F}775\u{202F}808"),
        ] {
            assert_eq!(grouped(n), text, "{n}");
        }
    }

    #[test]
    fn plain_digits_have_no_separator() {
        for (n, text) in [(0i64, "0"), (7, "7"), (16_030, "16030"), (-62_113, "-62113"), (i64::MIN, "-9223372036854775808")] {
            let mut out = String::from("n=");
            push_plain(&mut out, n);
            assert_eq!(out, format!("n={text}"), "{n}");
        }
    }
}
