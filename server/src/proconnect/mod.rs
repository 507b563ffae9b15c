//! Sign-in with ProConnect, the State's OpenID Connect federation.
//!
//! - `config`: settings (issuer, client, scopes, eIDAS level, restrictions);
//! - `client`: the protocol: discovery, authorization URL, code exchange, ID
//!   token and userinfo verification, sign-out URL;
//! - `userinfo`: verification of the signed userinfo JWT (RS256 or ES256);
//! - `routes`: the HTTP handlers under `/auth/proconnect/`.
//!
//! Accounts themselves (find by issuer and subject, create, link) are the
//! domain's: `app::forum::identity`.

pub mod client;
pub mod config;
pub mod error;
pub mod routes;
pub mod userinfo;

pub use client::ProConnect;
pub use config::ProConnectConfig;
pub use error::LoginError;
