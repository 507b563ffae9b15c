use crate::domain::limits::{ADMIN_MEMBERS_MAX, MEMBER_PAGE_ITEMS};
use crate::domain::views::{MemberAdminRow, MemberPage};
use crate::domain::{Parsed, Role, Viewer};
use crate::error::{AppError, AppResult};
use crate::store::{self, Db};


pub async fn member_page(db: &Db, user_id: i64) -> AppResult<MemberPage> {
    let user = store::users::by_id(db, user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("Ce membre n’existe pas.".into()))?;
    // One more than shown, to tell whether there are more.
    let (threads, more_threads) = latest(store::threads::by_author(db, user_id, MEMBER_PAGE_ITEMS + 1).await?);
    let (replies, more_replies) = latest(store::members::replies(db, user_id, MEMBER_PAGE_ITEMS + 1).await?);
    let (resolutions, more_resolutions) = latest(store::members::resolutions(db, user_id, MEMBER_PAGE_ITEMS + 1).await?);
    Ok(MemberPage {
        id: user.id,
        name: user.display_name,
        organisation: user.organisation,
        siret: user.siret,
        role: user.role,
        joined_at: user.created_at,
        imported: crate::domain::mail_archive::is_imported_member(&user.email),
        threads,
        more_threads,
        replies,
        more_replies,
        resolutions,
        more_resolutions,
    })
}

/// The first `MEMBER_PAGE_ITEMS` of a list read one longer, and whether there were more.
fn latest<T>(mut items: Vec<T>) -> (Vec<T>, bool) {
    let shown = MEMBER_PAGE_ITEMS as usize;
    let more = items.len() > shown;
    items.truncate(shown);
    (items, more)
}

fn require_admin(viewer: &Viewer) -> AppResult<()> {
    if viewer.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden("Seuls les administrateurs changent les rôles.".into()))
    }
}

pub async fn admin_list(db: &Db, viewer: &Viewer) -> AppResult<Vec<MemberAdminRow>> {
    require_admin(viewer)?;
    Ok(store::users::list_for_admin(db, ADMIN_MEMBERS_MAX).await?)
}

/// Changes a member's role. An administrator cannot change their own role, so
/// the forum never loses its last administrator by accident.
pub async fn set_role(db: &Db, viewer: &Viewer, user_id: i64, role: Parsed<Role>) -> AppResult<()> {
    require_admin(viewer)?;
    let role = role.map_err(AppError::Invalid)?;
    if user_id == viewer.id {
        return Err(AppError::Forbidden("Vous ne pouvez pas changer votre propre rôle.".into()));
    }
    if !store::users::set_role(db, user_id, role).await? {
        return Err(AppError::NotFound("Ce membre n’existe pas.".into()));
    }
    tracing::info!(member = user_id, role = role.as_str(), by = viewer.id, "role changed");
    Ok(())
}
