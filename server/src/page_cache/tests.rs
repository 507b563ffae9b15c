use super::{Shows, Touched, cacheable, spliceable, touched_by};
use app::store::change_log::ChangeRow;

fn row(kind: &str, thread: Option<i64>, tag: Option<i64>) -> ChangeRow {
    ChangeRow { kind: kind.into(), thread_id: thread, tag_id: tag, ..Default::default() }
}

#[test]
fn each_change_removes_the_pages_that_show_it() {
    let edit = touched_by(&[row("post_edited", Some(4), None)]);
    assert_eq!(edit, Touched { threads: [4].into(), lists: false, everything: false }, "an edit shows on its thread only");
    for kind in ["thread_created", "thread_imported", "post_created", "post_deleted", "status_changed", "lock_changed"] {
        let t = touched_by(&[row(kind, Some(7), None)]);
        assert_eq!(t, Touched { threads: [7].into(), lists: true, everything: false }, "{kind}");
    }
    assert_eq!(touched_by(&[row("tag_created", None, Some(3))]), Touched { lists: true, ..Default::default() });
    let thread_followed = touched_by(&[row("followers_changed", Some(5), None)]);
    assert_eq!(thread_followed, Touched { threads: [5].into(), ..Default::default() }, "a thread's followers: its pages");
    let tag_followed = touched_by(&[row("followers_changed", None, None)]);
    assert_eq!(tag_followed, Touched { lists: true, ..Default::default() }, "a tag's or a pair's: the lists");
    for kind in ["tag_merged", "tag_renamed", "member_changed", "a_kind_from_a_newer_node"] {
        assert!(touched_by(&[row(kind, None, Some(3))]).everything, "{kind}");
    }
}

#[test]
fn only_pages_for_everyone_are_cacheable() {
    assert_eq!(cacheable("/"), Some((Shows::Lists, false)));
    assert_eq!(cacheable("/search"), Some((Shows::Lists, true)));
    assert_eq!(cacheable("/t/12-le-titre"), Some((Shows::Thread(12), false)));
    assert_eq!(cacheable("/t/12"), Some((Shows::Thread(12), false)));
    assert_eq!(cacheable("/tags/geoserver"), Some((Shows::Lists, false)));
    assert_eq!(cacheable("/u/3"), Some((Shows::Lists, false)));
    let members_only = ["/new", "/notifications", "/settings/notifications", "/settings/account", "/unsubscribe/x"];
    let others = ["/t/abc", "/t/12/reply", "/p/3/edit", "/admin/tags", "/auth/proconnect/link", "/tags/", "/healthz", "/pkg/jonction.css"];
    for other in members_only.into_iter().chain(others) {
        assert_eq!(cacheable(other), None, "{other}");
    }
}

#[test]
fn a_members_list_and_thread_pages_are_spliced_but_not_a_reply_started_from_the_address() {
    let spliced = |uri: &str| spliceable(&uri.parse().unwrap());
    for uri in ["/", "/map", "/tags/geoserver", "/search?q=wfs", "/u/3", "/t/12-le-titre", "/t/12?page=2"] {
        assert!(spliced(uri), "{uri}");
    }
    for uri in ["/login", "/signup", "/new", "/t/12?reply_to=5", "/t/12?page=2&quote=5", "/t/12?reply%5Fto=5", "/settings/account"] {
        assert!(!spliced(uri), "{uri}");
    }
}
