use super::{Backend, Db, backend};

/// (solution slug, standard slug, unsettled count, resolved count) for every
/// pair of tags that share at least one thread, from the counters kept by
/// each change (`facets`, `map_counts`): as cheap with a million threads as
/// with ten.
///
/// The cells come back as one text row, `slug,slug,n,n;…` (rule 10 in
/// `store`): tag slugs hold neither `,` nor `;` (`TagSlug`).
pub async fn pair_counts(db: &Db) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    let aggregate = match backend(db) {
        Backend::Sqlite => "group_concat",
        Backend::Postgres => "string_agg",
    };
    let cells: Option<String> = sqlx::query_scalar(&format!(
        "SELECT {aggregate}(so.slug || ',' || st.slug || ',' || c.unsettled || ',' || c.resolved, ';')
         FROM map_counts c JOIN tags so ON so.id = c.solution_id JOIN tags st ON st.id = c.standard_id
         WHERE c.threads > 0"
    ))
    .fetch_one(db)
    .await?;
    cells.as_deref().unwrap_or("").split(';').filter(|c| !c.is_empty()).map(parse_cell).collect()
}

fn parse_cell(cell: &str) -> Result<(String, String, i64, i64), sqlx::Error> {
    let bad = || sqlx::Error::Decode(format!("a map cell the forum does not read: {cell:?}").into());
    let mut parts = cell.split(',');
    let mut next = || parts.next().ok_or_else(bad);
    let (solution, standard, unsettled, resolved) = (next()?, next()?, next()?, next()?);
    if parts.next().is_some() {
        return Err(bad());
    }
    let count = |n: &str| n.parse::<i64>().map_err(|_| bad());
    Ok((solution.to_string(), standard.to_string(), count(unsettled)?, count(resolved)?))
}

#[cfg(test)]
mod tests {
    use super::parse_cell;

    #[test]
    fn a_cell_is_two_slugs_and_two_counts_and_anything_else_is_an_error() {
        assert_eq!(parse_cell("geoserver,wfs,3,1").unwrap(), ("geoserver".into(), "wfs".into(), 3, 1));
        for bad in ["geoserver,wfs,3", "geoserver,wfs,3,1,2", "geoserver,wfs,x,1", ""] {
            assert!(parse_cell(bad).is_err(), "{bad:?}");
        }
    }
}
