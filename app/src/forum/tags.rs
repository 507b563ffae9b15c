//! The taxonomy: tag pages, the interoperability map, and tag curation
//! (moderators and administrators only).

use crate::domain::limits::TAG_PAGE_THREADS;
use crate::domain::views::{InteropMap, MapCell, TagAdminRow, TagPage};
use crate::domain::{FieldError, NewTag, Parsed, TagFields, TagKind, Viewer};
use crate::error::{AppError, AppResult, OnUniqueViolation};
use crate::store::{self, Db};


pub async fn tag_page(db: &Db, slug: &str) -> AppResult<TagPage> {
    let tag = store::tags::resolve(db, slug)
        .await?
        .ok_or_else(|| AppError::NotFound("Ce tag n’existe pas.".into()))?;
    let synonyms = store::tags::synonyms(db, tag.id).await?;
    let (solution_id, standard_id) = match tag.kind {
        TagKind::Solution => (tag.id, 0),
        TagKind::Standard => (0, tag.id),
    };
    let group = |statuses: Vec<crate::domain::ThreadStatus>| store::threads::ListQuery {
        solution_id,
        standard_id,
        statuses,
        limit: TAG_PAGE_THREADS,
        ..Default::default()
    };
    use crate::domain::ThreadStatus as S;
    let (open, open_total) = store::threads::list(db, &group(S::UNSETTLED.to_vec())).await?;
    let (resolved, resolved_total) = store::threads::list(db, &group(vec![S::Resolved])).await?;
    Ok(TagPage {
        slug: tag.slug,
        kind: tag.kind,
        name: tag.name,
        description: tag.description,
        url: tag.url,
        synonyms,
        open,
        resolved,
        open_total,
        resolved_total,
    })
}

/// The solution × standard grid: only tags that share at least one thread
/// with a tag of the other kind, so the map stays readable. The cells name
/// their tags by id; hundreds of them are placed without a string compared.
pub async fn interop_map(db: &Db) -> AppResult<InteropMap> {
    let pairs = store::map::pair_counts(db).await?;
    let tags = store::tags::choices(db).await?;
    // Each tag's place in `tags`, by id (a merged tag has none: its threads moved).
    let mut by_id: Vec<(i64, usize)> = tags.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    by_id.sort_unstable();
    let find = |id: i64| by_id.binary_search_by_key(&id, |&(id, _)| id).ok().map(|k| by_id[k].1);
    let mut used = vec![false; tags.len()];
    let placed: Vec<(usize, usize, MapCell)> = pairs
        .iter()
        .filter_map(|p| {
            let (s, t) = (find(p.solution_id)?, find(p.standard_id)?);
            (tags[s].kind == TagKind::Solution && tags[t].kind == TagKind::Standard).then_some(())?;
            used[s] = true;
            used[t] = true;
            Some((s, t, MapCell { open: p.unsettled, resolved: p.resolved }))
        })
        .collect();
    // Rows and columns in `tags`' order (by name), used tags only.
    let mut slot = vec![0; tags.len()];
    let (mut solutions, mut standards) = (Vec::new(), Vec::new());
    for (i, tag) in tags.into_iter().enumerate().filter(|(i, _)| used[*i]) {
        let line = if tag.kind == TagKind::Solution { &mut solutions } else { &mut standards };
        slot[i] = line.len();
        line.push(tag);
    }
    let mut cells = vec![vec![MapCell { open: 0, resolved: 0 }; standards.len()]; solutions.len()];
    for (s, t, cell) in placed {
        cells[slot[s]][slot[t]] = cell;
    }
    Ok(InteropMap { solutions, standards, cells })
}

fn require_moderator(viewer: &Viewer) -> AppResult<()> {
    if viewer.role.can_moderate() {
        Ok(())
    } else {
        Err(AppError::Forbidden("Seuls les modérateurs et les administrateurs gèrent les tags.".into()))
    }
}

/// Creates a tag; returns its slug.
pub async fn create_tag(db: &Db, viewer: &Viewer, input: Parsed<NewTag>) -> AppResult<String> {
    require_moderator(viewer)?;
    let tag = input.map_err(AppError::Invalid)?;
    let f = &tag.fields;
    store::tags::insert(db, tag.slug.as_str(), tag.kind, &f.name, &f.description, f.url.as_deref())
        .await
        .on_unique_violation("tags.slug", || {
            FieldError::new("slug", format!("Un tag « {} » existe déjà.", tag.slug.as_str()))
        })?;
    Ok(tag.slug.as_str().to_string())
}

pub async fn update_tag(db: &Db, viewer: &Viewer, slug: &str, input: Parsed<TagFields>) -> AppResult<()> {
    require_moderator(viewer)?;
    let tag = store::tags::by_slug(db, slug).await?.ok_or_else(|| AppError::NotFound("Ce tag n’existe pas.".into()))?;
    let f = input.map_err(AppError::Invalid)?;
    store::tags::update(db, tag.id, &f.name, &f.description, f.url.as_deref()).await?;
    Ok(())
}

/// Merges tag `from` into `into` (same kind): `from` becomes a synonym and its threads move.
pub async fn merge_tags(db: &Db, viewer: &Viewer, from: &str, into: &str) -> AppResult<()> {
    require_moderator(viewer)?;
    let source = store::tags::by_slug(db, from).await?.ok_or_else(|| AppError::NotFound("Ce tag n’existe pas.".into()))?;
    let target = match store::tags::resolve(db, into.trim()).await? {
        Some(t) => t,
        None => return Err(AppError::invalid(FieldError::new("into", format!("Tag inconnu : « {} ».", into.trim())))),
    };
    if source.merged_into.is_some() {
        return Err(AppError::invalid(FieldError::new("into", "Ce tag est déjà un synonyme.")));
    }
    if target.id == source.id {
        return Err(AppError::invalid(FieldError::new("into", "Un tag ne peut pas être fusionné avec lui-même.")));
    }
    if target.kind != source.kind {
        return Err(AppError::invalid(FieldError::new(
            "into",
            "On ne fusionne qu’une solution avec une solution, une norme avec une norme.",
        )));
    }
    store::transaction!(db, |tx| {
        // Locked in id order (two merges never wait on each other crosswise),
        // then checked again: another moderator may have merged either meanwhile.
        let (first, second) = (source.id.min(target.id), source.id.max(target.id));
        for id in [first, second] {
            let tag = store::tags::lock(tx, id).await?.ok_or_else(|| AppError::NotFound("Ce tag n’existe pas.".into()))?;
            if tag.merged_into.is_some() {
                return Err(AppError::invalid(FieldError::new("into", format!("« {} » vient de devenir un synonyme.", tag.name))));
            }
        }
        store::tags::merge(tx, source.id, target.id).await?;
        Ok(())
    })?;
    tracing::info!(from = %source.slug, into = %target.slug, by = viewer.id, "tags merged");
    Ok(())
}

pub async fn admin_list(db: &Db, viewer: &Viewer) -> AppResult<Vec<TagAdminRow>> {
    require_moderator(viewer)?;
    Ok(store::tags::list_for_admin(db).await?)
}
