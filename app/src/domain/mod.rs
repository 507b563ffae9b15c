//! The forum's vocabulary: value types that parse user input (so a value that
//! exists is valid), and the read models the pages display. Compiled for the
//! server and the browser alike; nothing here touches the database.

pub mod auth_options;
pub mod digest_period;
pub mod form;
pub mod limits;
pub mod list_cursor;
pub mod notify_views;
pub mod mail_archive;
pub mod page_number;
pub mod paris;
pub mod post_input;
pub mod recipients;
pub mod rights;
pub mod safe_next;
pub mod search_query;
pub mod search_results;
pub mod sign_up;
pub mod status;
pub mod status_change;
pub mod subscription;
pub mod tag;
pub mod tag_input;
pub mod text;
pub mod thread_event;
pub mod user;
pub mod views;

pub use auth_options::AuthOptions;
pub use form::{FieldError, FormEcho, Parsed};
pub use list_cursor::{ListCursor, ListKey};
pub use page_number::PageNumber;
pub use post_input::ReplyInput;
pub use safe_next::SafeNext;
pub use search_query::{Clause, SearchQuery, SearchSort};
pub use sign_up::SignUp;
pub use status::ThreadStatus;
pub use status_change::StatusChange;
pub use subscription::{Level, SubscriptionChange, Target, TargetRef};
pub use tag::{TagKind, TagSlug};
pub use tag_input::{NewTag, TagFields};
pub use text::{Body, TagDetail, Title};
pub use thread_event::ThreadEventKind;
pub use user::{DisplayName, Email, Organisation, Password, Role, Viewer};
