//! Two pieces of the analyzers written for speed, each giving exactly what
//! the piece of tantivy it replaces gives (tests below compare them):
//! - `CachedStemmer`: tantivy's Snowball stemmer, remembering the words it
//!   stemmed (a forum says the same words again and again; stemming was a
//!   sixth of a rebuild's time);
//! - `IdentifierTokenizer`: the identifier pattern written as a loop
//!   (tantivy's regex tokenizer rebuilds its automaton for every text, which
//!   was another sixth).

use crate::domain::limits::SEARCH_STEM_CACHE_WORDS;
use std::collections::HashMap;
use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

#[derive(Clone)]
pub struct CachedStemmer(pub Language);

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        let stemmer = TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(self.0)).build();
        CachedStemmerFilter { inner, stemmer, cache: HashMap::new() }
    }
}

/// Each copy of an analyzer (tantivy makes one per field and segment being
/// written) has its own memory of stems, emptied when it reaches
/// `SEARCH_STEM_CACHE_WORDS` words.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: TextAnalyzer,
    cache: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let CachedStemmerFilter { inner, stemmer, cache } = self;
        CachedStemmerStream { tail: inner.token_stream(text), stemmer, cache }
    }
}

pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stemmer: &'a mut TextAnalyzer,
    cache: &'a mut HashMap<String, String>,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.cache.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let mut stream = self.stemmer.token_stream(&token.text);
        let stem = if stream.advance() { stream.token().text.clone() } else { token.text.clone() };
        drop(stream);
        if self.cache.len() >= SEARCH_STEM_CACHE_WORDS {
            self.cache.clear();
        }
        self.cache.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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
    fn the_cached_stemmer_stems_as_tantivy_does_every_time() {
        for lang in [Language::French, Language::English] {
            let mut plain = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(Stemmer::new(lang)).build();
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(CachedStemmer(lang)).build();
            let text = "Les couches moissonnées harvesting harvested requêtes Requêtes couches layers";
            // Twice: the second time every stem comes from the cache.
            assert_eq!(tokens(&mut cached, text), tokens(&mut plain, text));
            assert_eq!(tokens(&mut cached, text), tokens(&mut plain, text));
        }
    }
}
