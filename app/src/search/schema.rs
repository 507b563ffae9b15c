//! The index's schema (one document per thread) and its analyzers.
//!
//! Every text is indexed two ways, and a query looks in both:
//! - `*_words`: words, accents folded and lower-cased, each as its French
//!   stem (« requete » finds « requête », « couches » « couche », the noun in
//!   -age read as its verb: « moissonnage » finds « moissonner ») and, at the
//!   same position, its English stem when it differs (« harvesting » finds
//!   « harvested »);
//! - `*_id`: identifiers as typed: split on whitespace (and the punctuation
//!   around a word), lower-cased only, so `EPSG:2154`, `ows:ExceptionReport`
//!   and `2.25.1` stay one term each; only the words that look like
//!   identifiers (`analyzers::identifier_like`), the others being in `*_words`.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, FacetOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};
use super::analyzers::{IdentifierTokenizer, OnlyIdentifiers, TwoStems};
use tantivy::Index;

/// Bumped whenever the schema, an analyzer or the order of a document's
/// stored values changes: an index written with another version is rebuilt
/// at start-up. (4: the posts are stored last, `document::to_document`.)
pub const SCHEMA_VERSION: u32 = 4;

pub const WORDS: &str = "jonction_words";
pub const IDENT: &str = "jonction_id";
/// Names: folded and lower-cased, not stemmed.
pub const NAME: &str = "jonction_name";

/// A group of fields holding the same text under each analyzer.
#[derive(Clone, Copy, Debug)]
pub struct Analysed {
    pub words: Field,
    pub id: Field,
}

impl Analysed {
    pub fn all(&self) -> [Field; 2] {
        [self.words, self.id]
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
    /// Stored only, for snippets and for comparing the index with the
    /// database (of the posts, the first `SEARCH_SNIPPET_SCAN_BYTES`).
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
        words: b.add_text_field(&format!("{name}_words"), text(WORDS)),
        id: b.add_text_field(&format!("{name}_id"), text(IDENT)),
    }
}

/// The fields of `schema()`, made once: what a stored document is read with.
pub fn fields() -> Fields {
    static FIELDS: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
    *FIELDS.get_or_init(|| schema().1)
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
    m.register(WORDS, words());
    m.register(IDENT, identifiers());
    m.register(NAME, names());
}

/// A word of this many bytes or more is not indexed (nor marked in a snippet).
pub const WORD_MAX_BYTES: usize = 40;

/// Words with their French and English stems (see the module's comment).
pub fn words() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(WORD_MAX_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(TwoStems)
        .build()
}

/// The terms `words` makes of one word given alone: how a search's snippets
/// analyse the words that may be searched ones (`cutter`).
pub fn word_terms() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).filter(TwoStems).build()
}

/// A run of characters up to whitespace, without the brackets, quotes and
/// sentence punctuation around it (`(EPSG:2154).` is `epsg:2154`).
pub fn identifiers() -> TextAnalyzer {
    TextAnalyzer::builder(IdentifierTokenizer::default())
        .filter(RemoveLongFilter::limit(80))
        .filter(OnlyIdentifiers)
        .filter(LowerCaser)
        .build()
}

pub fn names() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build()
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

    fn same(a: &str, b: &str) {
        let (ta, tb) = (terms(&mut words(), a), terms(&mut words(), b));
        assert!(ta.iter().any(|t| tb.contains(t)), "{a:?} {ta:?} and {b:?} {tb:?} should share a stem");
    }

    #[test]
    fn french_folds_accents_and_stems() {
        same("requete", "requête");
        same("moissonnage", "moissonner");
        same("couches", "couche");
        same("Requêtes", "requete");
        same("paramétrage", "paramétrer");
        assert!(!terms(&mut words(), "fromage").iter().any(|t| terms(&mut words(), "fromer").contains(t)));
    }

    #[test]
    fn english_stems() {
        same("harvesting", "harvested");
        same("layers", "layer");
        // Both stems of a word, at its position.
        assert_eq!(terms(&mut words(), "moissonnage"), ["moisson", "moissonnag"]);
    }

    #[test]
    fn identifiers_stay_whole() {
        assert_eq!(
            terms(&mut identifiers(), "(EPSG:2154), ows:ExceptionReport 2.25.1. GetCapabilities « /req/core/fc-limit-default »"),
            vec!["epsg:2154", "ows:exceptionreport", "2.25.1", "getcapabilities", "/req/core/fc-limit-default"]
        );
        // Plain words are left to the words field, whatever their accents.
        assert_eq!(terms(&mut identifiers(), "Bonjour, la requête l’affiche WMS Lambert-93"), ["wms", "lambert-93"]);
    }
}
