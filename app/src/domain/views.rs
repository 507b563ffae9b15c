//! Read models: what the server functions hand to the pages. Plain data,
//! already authorised and formatted for display where that is cheaper on the
//! server (HTML of messages is sanitised at write time).

use super::limits::TITLE_SLUG_MAX_CHARS;
use super::{ListCursor, PageNumber, Role, TagKind, ThreadEventKind, ThreadStatus};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagRef {
    pub slug: String,
    pub name: String,
    pub kind: TagKind,
    /// Version (solution) or clause (standard); empty when unknown.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TagChoice {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: TagKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ThreadSummary {
    pub id: i64,
    pub title: String,
    pub status: ThreadStatus,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::store::Flag"))]
    pub locked: bool,
    pub author_id: i64,
    pub author_name: String,
    pub reply_count: i64,
    pub created_at: i64,
    pub last_activity_at: i64,
    /// Filled by a second query for the whole list.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub tags: Vec<TagRef>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThreadFilter {
    pub solution: Option<String>,
    pub standard: Option<String>,
    pub status: Option<String>,
    /// Where the page starts.
    pub cursor: ListCursor,
    /// The page's number, shown in the pager (the cursor says which threads).
    pub page: PageNumber,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadList {
    pub threads: Vec<ThreadSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// The pages before and after this one, if any.
    pub prev: Option<ListCursor>,
    pub next: Option<ListCursor>,
}

impl ThreadList {
    /// A list no thread can be in (an unknown tag in the filters).
    pub fn empty() -> ThreadList {
        ThreadList { threads: vec![], total: 0, page: 1, pages: 1, prev: None, next: None }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Author {
    pub id: i64,
    pub name: String,
    pub organisation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub author: Author,
    pub is_opening: bool,
    /// Sanitised HTML; empty for a deleted post.
    pub body_html: String,
    /// Markdown source, for quoting; empty for a deleted post.
    pub body_md: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted: bool,
    /// The earlier post this one answers, with its author's name.
    pub parent: Option<(i64, String)>,
    /// What its viewer may do with it.
    pub rights: crate::domain::rights::PostRights,
}

impl PostView {
    /// What the rules on its controls need to know of it.
    pub fn facts(&self) -> crate::domain::rights::PostFacts {
        crate::domain::rights::PostFacts { id: self.id, author_id: self.author.id, is_opening: self.is_opening, deleted: self.deleted }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadEvent {
    pub actor_name: String,
    pub kind: ThreadEventKind,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub summary: ThreadSummary,
    /// Which page of the thread's posts this is, of how many.
    pub page: i64,
    pub pages: i64,
    pub author_organisation: Option<String>,
    pub duplicate_of: Option<(i64, String)>,
    pub resolution: Option<PostView>,
    pub posts: Vec<PostView>,
    pub events: Vec<ThreadEvent>,
    /// What its viewer may do on the thread.
    pub rights: crate::domain::rights::ThreadRights,
    /// What the rules on its controls need to know of the thread (its
    /// controls are rendered again for each member reading the cached page).
    pub facts: crate::domain::rights::ThreadFacts,
    /// The mailing list an imported thread came from.
    pub source_list: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagPage {
    pub slug: String,
    pub kind: TagKind,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub synonyms: Vec<String>,
    pub open: Vec<ThreadSummary>,
    pub resolved: Vec<ThreadSummary>,
    pub open_total: i64,
    pub resolved_total: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapCell {
    pub open: i64,
    pub resolved: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InteropMap {
    pub solutions: Vec<TagChoice>,
    pub standards: Vec<TagChoice>,
    /// `cells[i][j]` for `solutions[i]` × `standards[j]`.
    pub cells: Vec<Vec<MapCell>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ReplySummary {
    pub post_id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberPage {
    pub id: i64,
    pub name: String,
    pub organisation: Option<String>,
    /// The organisation's SIRET, as ProConnect gave it.
    pub siret: Option<String>,
    pub role: Role,
    pub joined_at: i64,
    /// An author imported from a mailing list: shown by name, never signs in.
    pub imported: bool,
    /// The latest of each list (`MEMBER_PAGE_ITEMS`), and whether it has more.
    pub threads: Vec<ThreadSummary>,
    pub more_threads: bool,
    pub replies: Vec<ReplySummary>,
    pub more_replies: bool,
    pub resolutions: Vec<ReplySummary>,
    pub more_resolutions: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TagAdminRow {
    pub slug: String,
    pub kind: TagKind,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub merged_into: Option<String>,
    pub thread_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MemberAdminRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub role: Role,
}

/// A URL-safe slug of a title, for `/t/{id}-{slug}` links (ASCII, accents folded).
pub fn title_slug(title: &str) -> String {
    let mut out = String::new();
    push_title_slug(&mut out, title);
    out
}

/// `title_slug` appended to `out`: letters and digits lower-cased, accents
/// folded, any other run of characters one `-`, none at either end, cut at
/// `TITLE_SLUG_MAX_CHARS`. Read byte by byte where the title is ASCII: every
/// row of a list writes one (0.3 µs a title character by character).
fn push_title_slug(out: &mut String, title: &str) {
    let start = out.len();
    // Nothing written yet counts as a dash: a slug never starts with one.
    let mut after_dash = true;
    let mut push = |out: &mut String, c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            after_dash = false;
        } else if !after_dash {
            out.push('-');
            after_dash = true;
        }
        out.len() - start >= TITLE_SLUG_MAX_CHARS
    };
    let mut rest = title;
    while let Some(&b) = rest.as_bytes().first() {
        let full = if b.is_ascii() {
            rest = &rest[1..];
            push(out, char::from(b))
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            rest = &rest[c.len_utf8()..];
            let (first, second) = fold_accent(c);
            push(out, first) || second.is_some_and(|c| push(out, c))
        };
        if full {
            break;
        }
    }
    while out.len() > start && out.ends_with('-') {
        out.pop();
    }
}

/// A letter with an accent as its ASCII letter (or two: œ, æ); any other
/// character as itself.
fn fold_accent(c: char) -> (char, Option<char>) {
    let (first, second) = match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' => ('a', None),
        'ç' | 'Ç' => ('c', None),
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => ('e', None),
        'î' | 'ï' | 'Î' | 'Ï' => ('i', None),
        'ô' | 'ö' | 'Ô' | 'Ö' => ('o', None),
        'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => ('u', None),
        'ÿ' => ('y', None),
        'œ' | 'Œ' => ('o', Some('e')),
        'æ' | 'Æ' => ('a', Some('e')),
        other => (other, None),
    };
    (first, second)
}

pub fn thread_href(id: i64, title: &str) -> String {
    let mut out = String::with_capacity(24 + title.len());
    push_thread_href(&mut out, id, title);
    out
}

/// `thread_href` appended to `out` (the lists write their rows as one
/// string). It holds only ASCII letters, digits, `/` and `-`: nothing to
/// escape in an attribute.
pub fn push_thread_href(out: &mut String, id: i64, title: &str) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(out, "/t/{id}-");
    let dash = out.len();
    push_title_slug(out, title);
    if out.len() == dash {
        // No slug: no dash either.
        out.pop();
    }
}

/// Page `page` of a thread (the first page has no `?page=`).
pub fn thread_page_href(id: i64, title: &str, page: i64) -> String {
    let href = thread_href(id, title);
    if page > 1 { format!("{href}?page={page}") } else { href }
}

/// The page of a thread that shows the post at position `seq` (1 for the opening post).
pub fn page_of(seq: i64) -> i64 {
    (seq.max(1) - 1) / super::limits::POSTS_PER_PAGE + 1
}

/// A post's permanent address (`/p/{id}`), which redirects to `post_href`:
/// it stays true as the thread grows, so mails, notifications and other
/// pages link there.
pub fn permalink(post_id: i64) -> String {
    format!("/p/{post_id}")
}

/// The address of a post: its thread's page that shows it, at the post.
pub fn post_href(thread_id: i64, title: &str, seq: i64, post_id: i64) -> String {
    format!("{}#p{post_id}", thread_page_href(thread_id, title, page_of(seq)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_links_carry_a_readable_ascii_slug() {
        assert_eq!(
            thread_href(12, "Le moissonnage CSW de Prodige échoue dans geOrchestra"),
            "/t/12-le-moissonnage-csw-de-prodige-echoue-dans-georchestra"
        );
        assert_eq!(thread_href(3, "«»"), "/t/3");
    }

    #[test]
    fn a_post_is_found_on_the_page_its_position_gives() {
        let per = crate::domain::limits::POSTS_PER_PAGE;
        assert_eq!(page_of(1), 1);
        assert_eq!(page_of(per), 1);
        assert_eq!(page_of(per + 1), 2);
        assert_eq!(post_href(7, "Un titre", 1, 70), "/t/7-un-titre#p70");
        assert_eq!(post_href(7, "Un titre", 2 * per + 1, 99), "/t/7-un-titre?page=3#p99");
    }

    #[test]
    fn a_slug_has_no_leading_or_doubled_dashes() {
        assert_eq!(title_slug("« GeoServer  —  WFS »"), "geoserver-wfs");
        assert_eq!(title_slug(&"é".repeat(100)).len(), TITLE_SLUG_MAX_CHARS, "cut at the limit");
        assert_eq!(title_slug("Œuvre, cœur et Æther"), "oeuvre-coeur-et-aether");
        assert_eq!(title_slug("Straße 2.25 → GeoServer"), "stra-e-2-25-geoserver", "what is not folded separates");
        let a = "a".repeat(TITLE_SLUG_MAX_CHARS - 1);
        assert_eq!(title_slug(&format!("{a} b")), a, "a dash that reaches the limit is dropped with what follows");
        assert_eq!(title_slug(&format!("{a}œ")), format!("{a}o"), "a letter folded into two is cut between them");
    }

    #[test]
    fn a_post_s_permanent_address_is_its_id_under_p() {
        assert_eq!(permalink(42), "/p/42");
    }
}
