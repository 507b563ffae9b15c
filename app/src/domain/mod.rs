//! The forum's vocabulary: value types that parse user input (so a value that
//! exists is valid), and the read models the pages display. Compiled for the
//! server and the browser alike; nothing here touches the database.

pub mod auth_options;
pub mod form;
pub mod limits;
pub mod page_number;
pub mod safe_next;
pub mod search_query;
pub mod search_results;
pub mod status;
pub mod tag;
pub mod text;
pub mod thread_event;
pub mod user;
pub mod views;

pub use auth_options::AuthOptions;
pub use form::{FieldError, FormEcho};
pub use page_number::PageNumber;
pub use safe_next::SafeNext;
pub use search_query::{Clause, SearchQuery, SearchSort};
pub use status::ThreadStatus;
pub use tag::{TagKind, TagSlug};
pub use text::{Body, TagDetail, Title};
pub use thread_event::ThreadEventKind;
pub use user::{DisplayName, Email, Organisation, Password, Role, Viewer};
