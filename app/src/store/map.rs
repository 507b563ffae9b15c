use super::{Backend, Db, backend};

/// The threads of one solution × standard pair, by tag id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairCount {
    pub solution_id: i64,
    pub standard_id: i64,
    pub unsettled: i64,
    pub resolved: i64,
}

/// Every pair of tags that share at least one thread, from the counters kept
/// by each change (`facets`, `map_counts`): as cheap with a million threads
/// as with ten.
///
/// The cells come back as one text row of numbers, `id,id,n,n;…` (rule 10 in
/// `store`); the page finds the tags' names among `tags::choices`.
pub async fn pair_counts(db: &Db) -> Result<Vec<PairCount>, sqlx::Error> {
    // One formatting call per cell: SQLite makes each argument of `||` or
    // `concat_ws` a text value of its own first; its `printf` writes integers
    // straight into the text (185 µs against 330 µs for the large forum's 572
    // cells, in the `sqlite3` shell).
    let cells_text = match backend(db) {
        Backend::Sqlite => "group_concat(printf('%d,%d,%d,%d', solution_id, standard_id, unsettled, resolved), ';')",
        Backend::Postgres => "string_agg(format('%s,%s,%s,%s', solution_id, standard_id, unsettled, resolved), ';')",
    };
    let sql = format!("SELECT {cells_text} FROM map_counts WHERE threads > 0");
    let cells: Option<String> = sqlx::query_scalar(&sql).fetch_one(db).await?;
    cells.as_deref().unwrap_or("").split(';').filter(|c| !c.is_empty()).map(parse_cell).collect()
}

fn parse_cell(cell: &str) -> Result<PairCount, sqlx::Error> {
    let bad = || sqlx::Error::Decode(format!("a map cell the forum does not read: {cell:?}").into());
    let mut numbers = cell.split(',').map(|n| n.parse::<i64>().map_err(|_| bad()));
    let mut next = || numbers.next().unwrap_or_else(|| Err(bad()));
    let count = PairCount { solution_id: next()?, standard_id: next()?, unsettled: next()?, resolved: next()? };
    if numbers.next().is_some() {
        return Err(bad());
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::{PairCount, parse_cell};

    #[test]
    fn a_cell_is_two_tag_ids_and_two_counts_and_anything_else_is_an_error() {
        assert_eq!(parse_cell("4,12,3,1").unwrap(), PairCount { solution_id: 4, standard_id: 12, unsettled: 3, resolved: 1 });
        for bad in ["4,12,3", "4,12,3,1,2", "4,12,x,1", "geoserver,wfs,3,1", ""] {
            assert!(parse_cell(bad).is_err(), "{bad:?}");
        }
    }
}
