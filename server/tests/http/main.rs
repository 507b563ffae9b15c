//! HTTP tests of the whole router against a real SQLite file: one binary,
//! one fresh database and port per test.

mod fake_provider;
mod support;

mod accounts;
mod bounds;
mod markup;
mod page_cache;
mod pagination;
mod durability;
mod proconnect;
mod redirects;
mod refusals;
mod search;
mod security;
mod similar;
mod static_files;
mod taxonomy;
mod threads;
