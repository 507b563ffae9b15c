//! HTTP tests of the whole router against a real SQLite file: one binary,
//! one fresh database and port per test.

mod fake_provider;
mod support;

mod accounts;
mod bounds;
mod markup;
mod durability;
mod import;
mod import_pages;
mod proconnect;
mod redirects;
mod refusals;
mod search;
mod security;
mod similar;
mod taxonomy;
mod threads;
