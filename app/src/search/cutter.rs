//! The passage of a text that shows a search's words, cut exactly as
//! tantivy's `SnippetGenerator` cuts it under the words analyzer (the same
//! passage, the same marks: `tests::the_passages_are_those_of_tantivys_generator`),
//! at a fraction of the cost.
//!
//! Tantivy's generator runs every word of the text through the whole
//! analyzer (lower-casing, folding, both stemmers, an allocation for its
//! lower-cased copy) and looks each one up among the searched terms: on the
//! large forum, 15 µs a result, most of a search page. Here a word is found
//! and measured as the analyzer's tokenizer finds it, and only a word that
//! may be a searched one is analysed: one that starts with a letter some
//! searched term starts with (stemmers change endings, never the first
//! letter: `tests::a_word_keeps_its_first_letter_under_both_stemmers`),
//! or with a letter that is not ASCII, whose folding is left to the analyzer.

use super::schema::{self, WORD_MAX_BYTES};
use crate::domain::search_results::Snippet;
use std::collections::BTreeMap;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// Cuts the passages of the words fields for one search.
pub(super) struct WordsCutter {
    /// Each searched term with its weight (the rarer, the heavier), as the
    /// generator weighs them.
    weights: BTreeMap<String, f32>,
    /// The first bytes of the searched terms, sorted: a word that starts
    /// with an ASCII byte none of them is cannot be one.
    initials: Vec<u8>,
    /// One word's terms (`schema::word_terms`).
    analyzer: TextAnalyzer,
    max_bytes: usize,
}

/// A passage being measured: tantivy's `FragmentCandidate`.
struct Passage {
    score: f32,
    start: usize,
    stop: usize,
    marks: Vec<(usize, usize)>,
}

impl Passage {
    fn at(start: usize, marks: Vec<(usize, usize)>) -> Passage {
        Passage { score: 0.0, start, stop: start, marks }
    }

    /// Whether this passage replaces `best`: it marks something, and weighs
    /// more (the first of equals stays).
    fn beats(&self, best: Option<&Passage>) -> bool {
        self.score > 0.0 && best.is_none_or(|b| self.score > b.score)
    }
}

impl WordsCutter {
    /// `weights`: each searched term of the words field with its weight;
    /// passages of at most `max_bytes` bytes (tantivy counts a snippet's
    /// « chars » in bytes).
    pub(super) fn new(weights: BTreeMap<String, f32>, max_bytes: usize) -> WordsCutter {
        let mut initials: Vec<u8> = weights.keys().filter_map(|t| t.bytes().next()).collect();
        initials.sort_unstable();
        initials.dedup();
        WordsCutter { weights, initials, analyzer: schema::word_terms(), max_bytes }
    }

    /// The passage of `text` whose searched words weigh most (the first of
    /// equals), with its words marked; empty when no word is searched.
    ///
    /// As tantivy does: the text is read as consecutive passages, the first
    /// from its start, each next one from the word that would carry the
    /// current one past `max_bytes` (from its start to its last word's end).
    pub(super) fn snippet(&mut self, text: &str) -> Snippet {
        let mut best: Option<Passage> = None;
        let mut current = Passage::at(0, Vec::new());
        for (from, to) in words(text) {
            if to - from >= WORD_MAX_BYTES {
                // The analyzer drops it: it neither ends a passage nor starts one.
                continue;
            }
            if to - current.start > self.max_bytes {
                let spare = if current.beats(best.as_ref()) {
                    best.replace(current).map(|p| p.marks)
                } else {
                    Some(current.marks)
                };
                let mut marks = spare.unwrap_or_default();
                marks.clear();
                current = Passage::at(from, marks);
            }
            current.stop = to;
            let score = self.score(&text[from..to]);
            if score > 0.0 {
                current.score += score;
                current.marks.push((from, to));
            }
        }
        if current.beats(best.as_ref()) {
            best = Some(current);
        }
        match best {
            Some(p) => Snippet {
                text: text[p.start..p.stop].to_string(),
                marks: p.marks.into_iter().map(|(a, b)| (a - p.start, b - p.start)).collect(),
            },
            None => Snippet { text: String::new(), marks: vec![] },
        }
    }

    /// What `word` adds to its passage: the weight of each of its terms
    /// that is searched (a word's two stems may both be).
    fn score(&mut self, word: &str) -> f32 {
        let first = word.as_bytes()[0];
        if first.is_ascii() && self.initials.binary_search(&first.to_ascii_lowercase()).is_err() {
            return 0.0;
        }
        let mut score = 0.0;
        let mut stream = self.analyzer.token_stream(word);
        while stream.advance() {
            if let Some(w) = self.weights.get(stream.token().text.as_str()) {
                score += w;
            }
        }
        score
    }
}

/// The words of `text` as tantivy's `SimpleTokenizer` finds them: runs of
/// alphanumeric characters, as byte ranges. ASCII is read byte by byte, and
/// so are Latin-1's letters.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (is_word, next) = alnum(text, at);
            if !is_word {
                at = next;
                continue;
            }
            let from = at;
            at = next;
            while at < bytes.len() {
                let (is_word, next) = alnum(text, at);
                if !is_word {
                    break;
                }
                at = next;
            }
            return Some((from, at));
        }
        None
    })
}

/// Whether the character at `i` of `text` is alphanumeric, and where the
/// next one starts.
#[inline(always)]
fn alnum(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), i + 1);
    }
    if b == 0xC3 {
        // U+00C0 to U+00FF, French's accented letters: all letters but × and ÷.
        let second = bytes[i + 1];
        return (second != 0x97 && second != 0xB7, i + 2);
    }
    other_alnum(text, i)
}

/// `alnum` beyond Latin-1, out of line: the loop over words stays small.
#[inline(never)]
fn other_alnum(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), i + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::{WordsCutter, words};
    use crate::search::schema::{self, terms};
    use std::collections::BTreeMap;
    use tantivy::schema::Field;
    use tantivy::snippet::SnippetGenerator;
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer, TokenStream};

    /// Forum prose in both languages, with the words whose stems change most,
    /// words that start with a letter that is not ASCII, a word too long to
    /// be indexed, and passages of every length.
    const TEXTS: [&str; 9] = [
        "Le moissonnage CSW de Prodige échoue dans geOrchestra : les fiches moissonnées arrivent en doublons. \
         Après paramétrage du GetRecords, la requête renvoie une ows:ExceptionReport ; les nouveaux paramètres \
         de pagination (startPosition) ne sont pas lus. Œuvre, cœur, eaux, châteaux, Ärger, Straße, øre.",
        "GeoServer 2.25.1 answers WFS GetFeature with a 500 when the layer is harvested twice; dying, lying and \
         tying processes, skies, flies, cries, cry, spy, happy, ugly, early, only, idly, gently, singly, news, \
         inning, outing, canning, herring, earring, proceed, exceed, succeed. The harvester retries.",
        "Yeux, ayant, payer, appuyer, essayage, stockage, paramétrages et moissonnages : le catalogue GeoNetwork \
         expose les services WMS et WMTS en EPSG:2154 et EPSG:3857, mais QGIS n’affiche que la couche par défaut.",
        "geoserver GeoServer GEOSERVER géoserveur geoservers; harvesting harvested harvests harvest; \
         moissonner moissonné moissonnera moissonnage; paginer pagination paginé; requête requêtes requeter.",
        "Une réponse courte.",
        "",
        "Élément, Œuvre, Ørsted, Ÿvette, İstanbul, Ǆemal, Ĳssel, ŒUVRES, Élan, été, à l’été, où, Über, Ærø : \
         les mots qui commencent autrement qu’en ASCII passent par l’analyseur entier. Œuvre œuvre oeuvre.",
        "Un mot trop long pour l’index : Anticonstitutionnellementmoissonnagegeoserverwfs moissonnage, \
         puis geoserver_geoserver-geoserver/geoserver.geoserver et 12geoserver geoserver12 x\u{301}geoserver.",
        "geoserver . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . \
         . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . \
         geoserver wfs . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . \
         . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . geoserver wfs",
    ];

    /// Tantivy's generator under the words analyzer, every word analysed:
    /// what the cutter must give.
    fn reference(weights: &BTreeMap<String, f32>, text: &str, max: usize) -> (String, Vec<(usize, usize)>) {
        let generator = SnippetGenerator::new(weights.clone(), schema::words(), Field::from_field_id(0), max);
        let s = generator.snippet(text);
        let mut marks: Vec<(usize, usize)> = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
        // A word's two stems may both be searched: marked once.
        marks.dedup();
        (s.fragment().to_string(), marks)
    }

    /// What the cutter relies on to skip a word: a word that starts with an
    /// ASCII letter or digit has only terms that start with it, lower-cased.
    #[test]
    fn a_word_keeps_its_first_letter_under_both_stemmers() {
        let mut analyzer = schema::word_terms();
        let mut checked = 0;
        for text in TEXTS {
            for (from, to) in words(text) {
                let word = &text[from..to];
                let Some(first) = word.bytes().next().filter(u8::is_ascii) else { continue };
                for stem in terms(&mut analyzer, word) {
                    assert_eq!(stem.bytes().next(), Some(first.to_ascii_lowercase()), "{word:?} stems to {stem:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 200, "{checked} terms");
    }

    #[test]
    fn the_passages_are_those_of_tantivys_generator() {
        let searches = [
            "moissonnage", "harvested", "geoserver", "cries", "dying", "eaux", "requete pagination", "œuvre", "yeux",
            "zzz", "element elan ete", "orsted istanbul uber", "ærø", "geoserver wfs", "paginé requêtes moissonné",
        ];
        let mut marked = 0;
        for search in searches {
            // Unequal weights, as the rarer term weighs more.
            let weights: BTreeMap<String, f32> =
                terms(&mut schema::words(), search).into_iter().enumerate().map(|(i, t)| (t, 1.0 / (2.0 + i as f32))).collect();
            for max in [20, 60, 220] {
                let mut cutter = WordsCutter::new(weights.clone(), max);
                for text in TEXTS {
                    let got = cutter.snippet(text);
                    let want = reference(&weights, text, max);
                    assert_eq!((got.text, got.marks.clone()), want, "{search:?} in {text:?}, {max} bytes");
                    marked += got.marks.len();
                }
            }
        }
        // What is compared holds marks.
        assert!(marked > 100, "{marked} marks");
    }

    #[test]
    fn the_words_are_those_of_tantivys_tokenizer() {
        // Latin-1's upper half, read byte by byte: every letter, × and ÷ between them.
        let latin: String = ('\u{C0}'..='\u{FF}').flat_map(|c| [c, 'a', c, ' ']).collect();
        for text in TEXTS.iter().copied().chain(["x", "é", " a ", "_", "١٢٣ ٤", "a\u{301}b", "2×3÷4", latin.as_str()]) {
            let mut tokenizer = TextAnalyzer::from(SimpleTokenizer::default());
            let mut stream = tokenizer.token_stream(text);
            let mut want = Vec::new();
            while stream.advance() {
                want.push((stream.token().offset_from, stream.token().offset_to));
            }
            assert_eq!(words(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }
}
