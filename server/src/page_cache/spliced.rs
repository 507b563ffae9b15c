//! A cached page answered to a signed-in member: the bytes stored for
//! anonymous visitors, with the parts that depend on who reads
//! (`app::components::Region`: the header's account links, a « Suivre »
//! form) rendered for this member and put in place of the anonymous ones.
//! Nothing of one member is ever stored: the page keeps only where its
//! regions are and what each needs to be rendered again.

use app::components::Region;
use app::components::viewer_region::MARKER;
use std::ops::Range;

/// A region of a stored page: what it shows, and where its anonymous content lies.
pub type Placed = (Region, Range<usize>);

/// The page without its region markers, and where each region's content
/// lies in it. `None` if the markers do not pair up with the regions noted
/// during the render (then the page is not stored).
pub fn take_markers(html: &str, noted: &[Region]) -> Option<(String, Vec<Placed>)> {
    let start_tag = format!("<{MARKER} data-start=\"");
    let mut out = String::with_capacity(html.len());
    let mut placed = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&start_tag) {
        out.push_str(&rest[..at]);
        let after = &rest[at + start_tag.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let index: usize = after[..digits].parse().ok()?;
        let after = after[digits..].strip_prefix(&format!("\"></{MARKER}>"))?;
        let end_tag = format!("<{MARKER} data-end=\"{index}\"></{MARKER}>");
        let content_end = after.find(&end_tag)?;
        let content = &after[..content_end];
        // Regions do not nest: a marker inside one is a render gone wrong.
        if content.contains(&format!("<{MARKER} ")) {
            return None;
        }
        placed.push((
            noted.get(index)?.clone(),
            out.len()..out.len() + content.len(),
        ));
        out.push_str(content);
        rest = &after[content_end + end_tag.len()..];
    }
    if rest.contains(&format!("<{MARKER} ")) {
        return None;
    }
    out.push_str(rest);
    Some((out, placed))
}

/// `page` with each region's content replaced by `html` (in the regions' order).
pub fn splice<S: AsRef<str>>(page: &[u8], placed: &[Placed], html: &[S]) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.len() + html.iter().map(|h| h.as_ref().len()).sum::<usize>());
    let mut from = 0;
    for ((_, range), region) in placed.iter().zip(html) {
        out.extend_from_slice(&page[from..range.start]);
        out.extend_from_slice(region.as_ref().as_bytes());
        from = range.end;
    }
    out.extend_from_slice(&page[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(i: usize, content: &str) -> String {
        format!(
            "<{MARKER} data-start=\"{i}\"></{MARKER}>{content}<{MARKER} data-end=\"{i}\"></{MARKER}>"
        )
    }

    #[test]
    fn markers_are_removed_and_regions_replaced() {
        let noted = vec![
            Region::Account,
            Region::Follow {
                target: app::domain::TargetRef::Thread(3),
                what: "ce fil",
                next: "/t/3".into(),
            },
        ];
        let html = format!(
            "<nav>{}</nav><p>fil</p>{}<footer></footer>",
            marked(0, "<a>Se connecter</a>"),
            marked(1, "<p>Connectez-vous</p>")
        );
        let (page, placed) = take_markers(&html, &noted).unwrap();
        assert_eq!(
            page,
            "<nav><a>Se connecter</a></nav><p>fil</p><p>Connectez-vous</p><footer></footer>"
        );
        assert_eq!(
            placed.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(),
            noted
        );
        let spliced = splice(
            page.as_bytes(),
            &placed,
            &["<a>Alice</a>", "<form></form>"],
        );
        assert_eq!(
            String::from_utf8(spliced).unwrap(),
            "<nav><a>Alice</a></nav><p>fil</p><form></form><footer></footer>"
        );
    }

    #[test]
    fn unpaired_or_unnoted_markers_refuse_the_page() {
        let noted = vec![Region::Account];
        assert!(
            take_markers(&format!("<{MARKER} data-start=\"0\"></{MARKER}>x"), &noted).is_none()
        );
        assert!(take_markers(&marked(1, "x"), &noted).is_none());
        assert!(take_markers(&marked(0, &marked(0, "x")), &noted).is_none());
        assert_eq!(
            take_markers("<p>rien</p>", &noted).unwrap(),
            ("<p>rien</p>".to_string(), vec![])
        );
    }
}
