//! The pieces of the analyzers that tantivy does not have:
//! - `TwoStems`: each word's French and English stems, indexed at the word's
//!   position (as synonyms are), so a text is cut into words once for both
//!   languages; each language's stem is exactly what tantivy's Snowball
//!   stemmer gives, remembered per word and per thread, from one text to the
//!   next (a forum says the same words again and again);
//! - `NounAsVerb`: French nouns in -age read as their verb;
//! - `OnlyIdentifiers`: the words that look like identifiers, for the
//!   identifier fields;
//! - `IdentifierTokenizer`: the identifier pattern written as a loop
//!   (tantivy's regex tokenizer rebuilt its automaton for every text, a
//!   sixth of a rebuild's time).

use crate::domain::limits::SEARCH_STEM_CACHE_WORDS;
use std::cell::RefCell;
use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

/// One word as the French stemmer sees it: the noun in -age as its verb.
fn french_stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(NounAsVerb).filter(Stemmer::new(Language::French)).build()
}

fn english_stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(Language::English)).build()
}

fn stem(stemmer: &mut TextAnalyzer, word: &str) -> String {
    let mut stream = stemmer.token_stream(word);
    if stream.advance() { stream.token().text.clone() } else { word.to_string() }
}

/// Each word becomes its French stem, then, when it differs, its English
/// stem at the same position.
#[derive(Clone)]
pub struct TwoStems;

impl TokenFilter for TwoStems {
    type Tokenizer<T: Tokenizer> = TwoStemsFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> TwoStemsFilter<T> {
        TwoStemsFilter { inner, french: french_stemmer(), english: english_stemmer(), english_next: String::new() }
    }
}

/// A word's French stem, and its English stem when it differs.
struct Stems {
    french: Box<str>,
    english: Option<Box<str>>,
}

impl Stems {
    /// Writes the French stem in `text` and the English one, if any, in
    /// `english`; whether there is one. Copies into buffers that keep their
    /// memory: no allocation per word.
    fn give(&self, text: &mut String, english: &mut String) -> bool {
        text.clear();
        text.push_str(&self.french);
        let Some(e) = &self.english else { return false };
        english.clear();
        english.push_str(e);
        true
    }
}

/// Stems by word. Hashed with FxHash, seeded once per thread: SipHash was
/// most of a rebuild's time in this filter, and a word is a few bytes.
type StemCache = rustc_hash::FxHashMapSeed<Box<str>, Stems>;

thread_local! {
    /// The stems this thread has computed, whichever copy of the analyzer
    /// asked: tantivy clones an analyzer for each field and segment it writes,
    /// and its snippet generator for every text it cuts, so a memory kept in
    /// the copy started empty at each snippet (most of a search's time).
    /// Emptied past `SEARCH_STEM_CACHE_WORDS` words.
    static STEMS: RefCell<StemCache> =
        RefCell::new(StemCache::with_hasher(rustc_hash::FxSeededState::with_seed(rand::random())));
}

#[derive(Clone)]
pub struct TwoStemsFilter<T> {
    inner: T,
    french: TextAnalyzer,
    english: TextAnalyzer,
    /// Reused by each stream: no allocation per word.
    english_next: String,
}

impl<T: Tokenizer> Tokenizer for TwoStemsFilter<T> {
    type TokenStream<'a> = TwoStemsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let TwoStemsFilter { inner, french, english, english_next } = self;
        TwoStemsStream { tail: inner.token_stream(text), french, english, english_next, pending: false }
    }
}

pub struct TwoStemsStream<'a, S> {
    tail: S,
    french: &'a mut TextAnalyzer,
    english: &'a mut TextAnalyzer,
    /// The English stem of the word just given, still to give when `pending`.
    english_next: &'a mut String,
    pending: bool,
}

impl<S: TokenStream> TokenStream for TwoStemsStream<'_, S> {
    fn advance(&mut self) -> bool {
        if std::mem::take(&mut self.pending) {
            // Same position and offsets as the French stem just given; the
            // buffers are swapped, not copied.
            std::mem::swap(&mut self.tail.token_mut().text, self.english_next);
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let (french, english) = (&mut *self.french, &mut *self.english);
        let token = self.tail.token_mut();
        let english_next = &mut *self.english_next;
        self.pending = STEMS.with_borrow_mut(|cache| {
            if let Some(stems) = cache.get(token.text.as_str()) {
                return stems.give(&mut token.text, english_next);
            }
            let f = stem(french, &token.text);
            let e = Some(stem(english, &token.text)).filter(|e| *e != f);
            let stems = Stems { french: f.into(), english: e.map(Into::into) };
            if cache.len() >= SEARCH_STEM_CACHE_WORDS {
                cache.clear();
            }
            let word: Box<str> = token.text.as_str().into();
            let pending = stems.give(&mut token.text, english_next);
            cache.insert(word, stems);
            pending
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// French nouns in -age name the action of their verb (moissonnage,
/// paramétrage, stockage): read them as the verb (moissonner), which the
/// stemmer then brings to the same stem. Short words (fromage, message,
/// langage, passage) are left alone.
#[derive(Clone)]
pub struct NounAsVerb;

impl TokenFilter for NounAsVerb {
    type Tokenizer<T: Tokenizer> = NounAsVerbFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> NounAsVerbFilter<T> {
        NounAsVerbFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct NounAsVerbFilter<T>(T);

impl<T: Tokenizer> Tokenizer for NounAsVerbFilter<T> {
    type TokenStream<'a> = NounAsVerbStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        NounAsVerbStream(self.0.token_stream(text))
    }
}

pub struct NounAsVerbStream<S>(S);

impl<S: TokenStream> TokenStream for NounAsVerbStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let text = &mut self.0.token_mut().text;
        if text.len() >= 9 && text.ends_with("age") {
            text.truncate(text.len() - 3);
            text.push_str("er");
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Whether a word is worth a term of its own as an identifier: it holds
/// something besides letters (`EPSG:2154`, `2.25.1`, `fc-limit`) or a
/// capital past its first letter (`GetCapabilities`, `WMS`). Other words
/// are found through their stems only: indexing every word twice was a
/// third of a rebuild's time. The apostrophe of « l’affiche » is a letter here.
pub fn identifier_like(word: &str) -> bool {
    word.chars().any(|c| !c.is_alphabetic() && c != '’') || word.chars().skip(1).any(char::is_uppercase)
}

/// Keeps the identifier-like words (`identifier_like`), at their positions.
#[derive(Clone)]
pub struct OnlyIdentifiers;

impl TokenFilter for OnlyIdentifiers {
    type Tokenizer<T: Tokenizer> = OnlyIdentifiersFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> OnlyIdentifiersFilter<T> {
        OnlyIdentifiersFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct OnlyIdentifiersFilter<T>(T);

impl<T: Tokenizer> Tokenizer for OnlyIdentifiersFilter<T> {
    type TokenStream<'a> = OnlyIdentifiersStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        OnlyIdentifiersStream(self.0.token_stream(text))
    }
}

pub struct OnlyIdentifiersStream<S>(S);

impl<S: TokenStream> TokenStream for OnlyIdentifiersStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if identifier_like(&self.0.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// What ends an identifier: whitespace, and the brackets, quotes and
/// sentence punctuation around a word.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '"' | '\'' | '«' | '»' | '!' | '?')
}

/// A run of characters up to a separator, without the `.` and `:` that end
/// it (`(EPSG:2154).` is `EPSG:2154`); a run of only those is no token.
#[derive(Clone, Default)]
pub struct IdentifierTokenizer {
    token: Token,
}

impl Tokenizer for IdentifierTokenizer {
    type TokenStream<'a> = IdentifierStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IdentifierStream<'a> {
        self.token.reset();
        IdentifierStream { text, cursor: 0, token: &mut self.token }
    }
}

pub struct IdentifierStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl TokenStream for IdentifierStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some(start) = self.text[self.cursor..].find(|c: char| !is_separator(c)).map(|i| self.cursor + i) else {
                self.cursor = self.text.len();
                return false;
            };
            let end = self.text[start..].find(is_separator).map_or(self.text.len(), |i| start + i);
            self.cursor = end;
            let word = self.text[start..end].trim_end_matches(['.', ':']);
            if word.is_empty() {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(word);
            self.token.offset_from = start;
            self.token.offset_to = start + word.len();
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, RegexTokenizer, SimpleTokenizer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    const TEXTS: &[&str] = &[
        "(EPSG:2154), ows:ExceptionReport 2.25.1. GetCapabilities « /req/core/fc-limit-default »",
        "... :: a.b.. .:abc x: y. «z» ‘quote’ 'single' [tag] {json:1} <xml/> ¿qué? ¡sí! fin.",
        "Journal : java.net.UnknownHostException: prodige-catalogue\n\tat org.Foo(Foo.java:12)\u{a0}fin",
        "", "   ", "!!!", "é:", "https://geo.example.fr/ows?SERVICE=WFS&typeNames=a:b.",
    ];

    #[test]
    fn the_identifier_loop_finds_what_the_pattern_found() {
        let pattern = r#"[^\s,;()\[\]{}<>"'«»!?]*[^\s,;()\[\]{}<>"'«»!?.:]"#;
        let mut regex = TextAnalyzer::from(RegexTokenizer::new(pattern).unwrap());
        let mut ours = TextAnalyzer::from(IdentifierTokenizer::default());
        for text in TEXTS {
            assert_eq!(tokens(&mut ours, text), tokens(&mut regex, text), "{text:?}");
        }
    }

    #[test]
    fn both_stems_at_each_word_as_each_language_alone_gives_them() {
        let words = |lang: Language, noun_as_verb: bool| {
            let base = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser);
            let mut a = if noun_as_verb {
                base.filter(NounAsVerb).filter(Stemmer::new(lang)).build()
            } else {
                base.filter(Stemmer::new(lang)).build()
            };
            tokens(&mut a, TEXT)
        };
        let (french, english) = (words(Language::French, true), words(Language::English, false));
        let mut two = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(TwoStems).build();
        // Twice: the second time every stem comes from the memory.
        for _ in 0..2 {
            let mut expected = Vec::new();
            for (f, e) in french.iter().zip(&english) {
                expected.push(f.clone());
                if e.0 != f.0 {
                    expected.push(e.clone());
                }
            }
            assert_eq!(tokens(&mut two, TEXT), expected);
        }
    }

    const TEXT: &str = "Les couches moissonnées harvesting harvested moissonnage requêtes Requêtes couches layers";
}
