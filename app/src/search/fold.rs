//! A quick approximation of what the analyzers do to words (lower case,
//! Latin accents folded), enough to see whether a text may hold a searched
//! word without analysing it: the snippets screen a thread's posts with it.

/// `text` lower-cased, with the accents of Latin letters folded, into `out`:
/// a quick approximation of what the analyzers do to words, enough to see
/// whether a post may hold a searched word.
pub(super) fn fold(text: &str, out: &mut String) {
    out.clear();
    let mut rest = text;
    // Runs of ASCII are copied and lower-cased whole (most of a post), the
    // rest character by character.
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let at = out.len();
        out.push_str(&rest[..ascii]);
        out[at..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            fold_char(c, out);
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// One character of `fold`.
pub(super) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let folded = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => 'u',
        'ç' | 'Ç' => 'c',
        'ÿ' | 'Ÿ' | 'ý' | 'Ý' => 'y',
        'ñ' | 'Ñ' => 'n',
        'œ' | 'Œ' => return out.push_str("oe"),
        'æ' | 'Æ' => return out.push_str("ae"),
        other => return out.extend(other.to_lowercase()),
    };
    out.push(folded);
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_lowers_ascii_runs_and_folds_accents_between_them() {
        let mut out = String::from("ce qui restait");
        fold("Évolution du WFS : ÇA, Œuvre, «Straße» EPSG:2154", &mut out);
        assert_eq!(out, "evolution du wfs : ca, oeuvre, «straße» epsg:2154");
        fold("", &mut out);
        assert_eq!(out, "");
    }
}
