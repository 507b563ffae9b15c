//! HTTP tests of the whole router against a real SQLite file: one binary,
//! one fresh database and port per test.

mod fake_provider;
mod mailbox;
mod smtp_sink;
mod support;

mod account_mail;
mod accounts;
mod bounds;
mod delivery;
mod digests;
mod markup;
mod page_cache;
mod pagination;
mod notifications;
mod durability;
mod import;
mod import_pages;
mod proconnect;
mod redirects;
mod refusals;
mod search;
mod security;
mod similar;
mod static_files;
mod taxonomy;
mod threads;
