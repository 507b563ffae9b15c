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
    // Each cell's text is kept in the row (`cell`, a stored generated
    // column): formatting 572 cells here cost 185 µs a request, reading
    // them kept 57 µs (the `sqlite3` shell, the large forum's cells).
    let sql = match backend(db) {
        Backend::Sqlite => "SELECT group_concat(cell, ';') FROM map_counts WHERE threads > 0",
        Backend::Postgres => "SELECT string_agg(cell, ';') FROM map_counts WHERE threads > 0",
    };
    let cells: Option<String> = sqlx::query_scalar(sql).fetch_one(db).await?;
    cells.as_deref().unwrap_or("").split(';').filter(|c| !c.is_empty()).map(parse_cell).collect()
}

/// `id,id,n,n`, read byte by byte: `split` and `parse` took a tenth of the
/// map's time on the large forum. A comma after the last number closes it
/// as the others are closed.
fn parse_cell(cell: &str) -> Result<PairCount, sqlx::Error> {
    let bad = || sqlx::Error::Decode(format!("a map cell the forum does not read: {cell:?}").into());
    let (mut numbers, mut field, mut digits, mut negative) = ([0i64; 4], 0, 0, false);
    for b in cell.bytes().chain([b',']) {
        let n = numbers.get_mut(field).ok_or_else(bad)?;
        match b {
            b'0'..=b'9' => {
                *n = n.checked_mul(10).and_then(|n| n.checked_add(i64::from(b - b'0'))).ok_or_else(bad)?;
                digits += 1;
            }
            b'-' if digits == 0 && !negative => negative = true,
            b',' if digits > 0 => {
                if negative {
                    *n = -*n;
                }
                (field, digits, negative) = (field + 1, 0, false);
            }
            _ => return Err(bad()),
        }
    }
    if field != 4 {
        return Err(bad());
    }
    let [solution_id, standard_id, unsettled, resolved] = numbers;
    Ok(PairCount { solution_id, standard_id, unsettled, resolved })
}

#[cfg(test)]
mod tests {
    use super::{PairCount, parse_cell};

    #[test]
    fn a_cell_is_two_tag_ids_and_two_counts_and_anything_else_is_an_error() {
        assert_eq!(parse_cell("4,12,3,1").unwrap(), PairCount { solution_id: 4, standard_id: 12, unsettled: 3, resolved: 1 });
        assert_eq!(parse_cell("4,12,-1,0").unwrap(), PairCount { solution_id: 4, standard_id: 12, unsettled: -1, resolved: 0 });
        let bad_cells = ["4,12,3", "4,12,3,1,2", "4,12,x,1", "geoserver,wfs,3,1", "", "4,,3,1", "4,12,3,", "4,12,--3,1", "4,12,3-,1"];
        for bad in bad_cells.into_iter().chain([" 4,12,3,1", "4,12,3,99999999999999999999"]) {
            assert!(parse_cell(bad).is_err(), "{bad:?}");
        }
    }
}
