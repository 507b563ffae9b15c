#![recursion_limit = "256"]
//! Jonction's web application: pages, components and the server functions they
//! call (compiled with `ssr` for the server and `hydrate` to WebAssembly), plus,
//! on the server only, the domain (`forum`) and the storage layer (`store`).
//!
//! The app runs in Leptos' islands mode: pages are rendered on the server as
//! plain HTML that works without JavaScript; only `#[island]` components are
//! hydrated in the browser.

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod forum;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(all(test, feature = "ssr"))]
mod testing;

pub use app::{App, AssetNames, NONCE_HEADER, shell};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
