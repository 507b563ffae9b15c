//! Reusable pieces of pages, one component per file.

pub mod date;
pub mod error_summary;
pub mod field;
pub mod loading;
pub mod markdown_editor;
pub mod message_field;
pub mod page_data;
pub mod page_title;
pub mod pager;
pub mod post_card;
pub mod proconnect_button;
pub mod raw_text;
pub mod refusal_notice;
pub mod site_footer;
pub mod site_header;
pub mod status_badge;
pub mod tag_list;
pub mod thread_row;

pub use date::DateTime;
pub use error_summary::{ErrorSummary, FieldMessage};
pub use field::Field;
pub use loading::{ErrorPanel, Loading};
pub use markdown_editor::MarkdownEditor;
pub use message_field::MessageField;
pub use page_data::PageData;
pub use page_title::PageTitle;
pub use pager::Pager;
pub use post_card::PostCard;
pub use proconnect_button::ProConnectButton;
pub use raw_text::textarea_text;
pub use refusal_notice::RefusalNotice;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use status_badge::StatusBadge;
pub use tag_list::TagList;
pub use thread_row::ThreadRow;
