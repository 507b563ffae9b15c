//! HTTP tests of the whole router against a real SQLite file: one binary,
//! one fresh database and port per test.

#[macro_use]
mod support;
mod fake_provider;

mod accounts;
mod bounds;
mod markup;
mod nodes;
mod durability;
mod proconnect;
mod redirects;
mod refusals;
mod search;
mod security;
mod similar;
mod taxonomy;
mod threads;
