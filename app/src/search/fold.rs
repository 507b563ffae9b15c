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

/// `fold` of `text` into `out`, stopping once every one of `probes` is in
/// what is folded (a long post is not folded whole to find a word at its
/// start): how many of them are. Those found are at their first place.
pub(super) fn fold_until_found(text: &str, probes: &[String], out: &mut String) -> usize {
    out.clear();
    let mut found = vec![false; probes.len()];
    let mut count = 0;
    let longest = probes.iter().map(String::len).max().unwrap_or(0);
    let mut rest = text;
    let mut piece = String::new();
    while !rest.is_empty() && count < probes.len() {
        let mut end = FOLD_PIECE_BYTES.min(rest.len());
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        // A probe may straddle the previous piece's end.
        let mut from = out.len().saturating_sub(longest);
        while !out.is_char_boundary(from) {
            from -= 1;
        }
        fold(&rest[..end], &mut piece);
        out.push_str(&piece);
        rest = &rest[end..];
        for (probe, found) in probes.iter().zip(found.iter_mut()) {
            if !*found && out[from..].contains(probe.as_str()) {
                *found = true;
                count += 1;
            }
        }
    }
    count
}

/// Bytes `fold_until_found` folds before it looks for the probes again.
const FOLD_PIECE_BYTES: usize = 512;

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

    /// As many probes as a whole fold holds, and those found where a whole
    /// fold has them first; a probe across two pieces is found.
    #[test]
    fn folding_stops_once_every_probe_is_found() {
        let probes: Vec<String> = ["geos", "wfs", "epsg:2154"].iter().map(|p| p.to_string()).collect();
        let filler = "Évolution des couches é ".repeat(30);
        let texts = [
            format!("GeoServer et WFS d'abord. {filler}"),
            format!("{filler} GeoServer {filler} puis le WFS {filler} et EPSG:2154 à la fin"),
            format!("{}GEOS{filler}", "x".repeat(510)),
            "rien de tout cela".to_string(),
            String::new(),
        ];
        let mut stopped = false;
        for text in &texts {
            let (mut whole, mut part) = (String::new(), String::new());
            fold(text, &mut whole);
            let n = super::fold_until_found(text, &probes[..2], &mut part);
            assert_eq!(n, probes[..2].iter().filter(|p| whole.contains(p.as_str())).count(), "{text}");
            assert!(whole.starts_with(&part), "{text}");
            for p in probes[..2].iter().filter(|p| whole.contains(p.as_str())) {
                assert_eq!(part.find(p.as_str()), whole.find(p.as_str()), "{p} in {text}");
            }
            stopped |= part.len() < whole.len();
            // With a probe none holds, every text is folded whole.
            assert_eq!(super::fold_until_found(text, &probes, &mut part), n + usize::from(text.contains("EPSG")));
        }
        assert!(stopped, "a fold stopped before the end");
    }
}
