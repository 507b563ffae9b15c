//! The index's schema (one document per thread) and its analyzers.
//!
//! Every text is indexed three ways, and a query looks in all three:
//! - `*_fr`: French words: accents folded, lower-cased, French stemming
//!   (« requete » finds « requête », « couches » « couche »), plus the noun in
//!   -age read as its verb (« moissonnage » finds « moissonner »);
//! - `*_en`: English words, English stemming (« harvesting » finds « harvested »);
//! - `*_id`: identifiers as typed: split on whitespace (and the punctuation
//!   around a word), lower-cased only, so `EPSG:2154`, `ows:ExceptionReport`
//!   and `2.25.1` stay one term each.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, FacetOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};
use super::analyzers::{CachedStemmer, IdentifierTokenizer};
use tantivy::Index;

/// Bumped whenever the schema or an analyzer changes: an index written with
/// another version is rebuilt at start-up.
pub const SCHEMA_VERSION: u32 = 1;

pub const FR: &str = "jonction_fr";
pub const EN: &str = "jonction_en";
pub const IDENT: &str = "jonction_id";
/// Names: folded and lower-cased, not stemmed.
pub const NAME: &str = "jonction_name";

/// A group of fields holding the same text under each analyzer.
#[derive(Clone, Copy, Debug)]
pub struct Analysed {
    pub fr: Field,
    pub en: Field,
    pub id: Field,
}

impl Analysed {
    pub fn all(&self) -> [Field; 3] {
        [self.fr, self.en, self.id]
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub thread_id: Field,
    pub title: Analysed,
    /// Every post that is not deleted, the opening one included (one value each).
    pub body: Analysed,
    /// The resolution's text, boosted.
    pub resolution: Analysed,
    /// Slugs, names and synonyms of the thread's tags.
    pub tags: Analysed,
    pub author: Field,
    /// `/solution/SLUG`, `/standard/SLUG`, `/status/CODE`, `/year/YYYY`.
    pub facets: Field,
    pub created: Field,
    pub activity: Field,
    /// Stored only, for snippets and for comparing the index with the database.
    pub title_text: Field,
    pub posts_text: Field,
    pub resolution_text: Field,
}

fn text(analyzer: &str) -> TextOptions {
    TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(IndexRecordOption::WithFreqsAndPositions))
}

fn analysed(b: &mut tantivy::schema::SchemaBuilder, name: &str) -> Analysed {
    Analysed {
        fr: b.add_text_field(&format!("{name}_fr"), text(FR)),
        en: b.add_text_field(&format!("{name}_en"), text(EN)),
        id: b.add_text_field(&format!("{name}_id"), text(IDENT)),
    }
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        thread_id: b.add_u64_field("thread_id", INDEXED | STORED | FAST),
        title: analysed(&mut b, "title"),
        body: analysed(&mut b, "body"),
        resolution: analysed(&mut b, "resolution"),
        tags: analysed(&mut b, "tags"),
        author: b.add_text_field("author", text(NAME)),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        created: b.add_i64_field("created", INDEXED | FAST | STORED),
        activity: b.add_i64_field("activity", FAST | STORED),
        title_text: b.add_text_field("title_text", STORED),
        posts_text: b.add_text_field("posts_text", STORED),
        resolution_text: b.add_text_field("resolution_text", STORED),
    };
    (b.build(), fields)
}

/// The analyzers are not stored in the index: they are registered each time it is opened.
pub fn register_analyzers(index: &Index) {
    let m = index.tokenizers();
    m.register(FR, french());
    m.register(EN, english());
    m.register(IDENT, identifiers());
    m.register(NAME, names());
}

pub fn french() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(NounAsVerb)
        .filter(CachedStemmer(Language::French))
        .build()
}

pub fn english() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer(Language::English))
        .build()
}

/// A run of characters up to whitespace, without the brackets, quotes and
/// sentence punctuation around it (`(EPSG:2154).` is `epsg:2154`).
pub fn identifiers() -> TextAnalyzer {
    TextAnalyzer::builder(IdentifierTokenizer::default())
        .filter(RemoveLongFilter::limit(80))
        .filter(LowerCaser)
        .build()
}

pub fn names() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build()
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

/// A whole text lower-cased and with its accents folded, as the French and
/// English analyzers see its words (for the snippets' quick look at a post).
pub fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build()
}

/// The terms `analyzer` makes of `text`, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(analyzer: fn() -> TextAnalyzer, a: &str, b: &str) {
        let (ta, tb) = (terms(&mut analyzer(), a), terms(&mut analyzer(), b));
        assert_eq!(ta, tb, "{a:?} and {b:?} should index alike");
    }

    #[test]
    fn french_folds_accents_and_stems() {
        same(french, "requete", "requête");
        same(french, "moissonnage", "moissonner");
        same(french, "couches", "couche");
        same(french, "Requêtes", "requete");
        same(french, "paramétrage", "paramétrer");
        assert_ne!(terms(&mut french(), "fromage"), terms(&mut french(), "fromer"));
    }

    #[test]
    fn english_stems() {
        same(english, "harvesting", "harvested");
        same(english, "layers", "layer");
    }

    #[test]
    fn identifiers_stay_whole() {
        assert_eq!(
            terms(&mut identifiers(), "(EPSG:2154), ows:ExceptionReport 2.25.1. GetCapabilities « /req/core/fc-limit-default »"),
            vec!["epsg:2154", "ows:exceptionreport", "2.25.1", "getcapabilities", "/req/core/fc-limit-default"]
        );
    }
}
