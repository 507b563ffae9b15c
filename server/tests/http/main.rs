//! HTTP tests of the whole router against a real SQLite file: one binary,
//! one fresh database and port per test.

mod fake_provider;
mod mailbox;
mod smtp_sink;
#[macro_use]
mod support;

mod account_mail;
mod accounts;
mod bounds;
mod delivery;
mod digests;
mod markup;
mod page_cache;
mod spliced_pages;
mod pagination;
mod migrate_to_postgres;
mod nodes;
mod notifications;
mod durability;
mod import;
mod import_pages;
mod proconnect;
mod proconnect_settings;
mod redirects;
mod refusals;
mod search;
mod security;
mod similar;
mod static_files;
mod taxonomy;
mod threads;
