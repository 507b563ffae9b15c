//! Tests of the search on a fixed small corpus, French and English, written
//! through the storage layer (so through the change log, as the forum does).

mod corpus;
mod facets;
mod operators;
mod pruning;
mod ranked;
mod relevance;
mod resume;
