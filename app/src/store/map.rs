use super::json::Json;
use super::{Backend, Db, Tx};

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
/// The cells come back as one text of numbers, `id,id,n,n;…` (rule 10 in
/// `store`), kept whole in `map_text` (see [`write_text`]); the page finds
/// the tags' names among `tags::choices`.
pub async fn pair_counts(db: &Db) -> Result<Vec<PairCount>, sqlx::Error> {
    let cells: String = sqlx::query_scalar("SELECT cells FROM map_text WHERE id = 1").fetch_one(db).await?;
    cells.split(';').filter(|c| !c.is_empty()).map(parse_cell).collect()
}

/// Writes the map's text again from its counters: the `cell` of each pair
/// with threads (a stored generated column, so that no request formats
/// them), joined by `;`. Called by [`Tx::commit`] when the transaction
/// changed `map_counts`, as its last statement, so that it holds the row's
/// lock for no longer than its COMMIT and waits for nothing while holding
/// it. On PostgreSQL the row is locked first and the text computed by a
/// second statement: each statement of READ COMMITTED sees what was
/// committed when it began, and one that waited for another writer's lock
/// would write the text from before that writer's commit.
pub(crate) async fn write_text(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    let concat = Json::on(tx.backend()).concat;
    if tx.backend() == Backend::Postgres {
        sqlx::query(&format!("SELECT id FROM map_text WHERE id = 1{}", tx.for_update())).execute(&mut **tx).await?;
    }
    let q = format!("UPDATE map_text SET cells = COALESCE((SELECT {concat}(cell, ';') FROM map_counts WHERE threads > 0), '') WHERE id = 1");
    sqlx::query(&q).execute(&mut **tx).await?;
    Ok(())
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
    use super::{PairCount, pair_counts, parse_cell};
    use crate::domain::{Role, TagKind, ThreadStatus};
    use crate::store::Db;
    use crate::testing::{self, TempForum};

    /// The map's text, its cells sorted (the aggregate keeps no order).
    async fn text(db: &Db) -> Vec<String> {
        let text: String = sqlx::query_scalar("SELECT cells FROM map_text").fetch_one(db).await.unwrap();
        let mut cells: Vec<String> = text.split(';').filter(|c| !c.is_empty()).map(str::to_string).collect();
        cells.sort();
        cells
    }

    /// The text kept as threads are written, resolved, closed and their tags
    /// merged is the migration's text computed again from the counters, and
    /// names every pair the counters hold with threads.
    #[tokio::test]
    async fn the_kept_text_is_what_the_migration_writes_from_the_counters() {
        let f = TempForum::new().await;
        let db = &f.db;
        let author = testing::member(db, "Amélie Roux", Role::Member).await.id;
        let geoserver = testing::tag(db, "geoserver", TagKind::Solution, "GeoServer").await;
        let old = testing::tag(db, "geoserveur", TagKind::Solution, "GeoServeur").await;
        let qgis = testing::tag(db, "qgis", TagKind::Solution, "QGIS").await;
        let wfs = testing::tag(db, "wfs", TagKind::Standard, "WFS").await;
        let csw = testing::tag(db, "csw", TagKind::Standard, "CSW").await;
        assert_eq!(text(db).await, Vec::<String>::new());
        let (resolved, answer) = testing::thread(db, author, "Moissonnage", "Corps.", &[geoserver, wfs, csw]).await;
        testing::resolve(db, resolved, answer).await;
        let (closed, _) = testing::thread(db, author, "Doublon", "Corps.", &[qgis, csw]).await;
        testing::set_status(db, closed, ThreadStatus::Duplicate, None).await;
        testing::thread(db, author, "À l’ancienne", "Corps.", &[old, wfs]).await;
        testing::thread(db, author, "Sans norme", "Corps.", &[qgis]).await;
        testing::merge(db, old, geoserver).await;

        let maintained = text(db).await;
        let cell = |s: i64, t: i64, open: i64, resolved: i64| format!("{s},{t},{open},{resolved}");
        // The closed thread's pair keeps its row with no thread counted open or resolved.
        let expected = [cell(geoserver, wfs, 1, 1), cell(geoserver, csw, 0, 1), cell(qgis, csw, 0, 0)];
        let mut expected = expected.to_vec();
        expected.sort();
        assert_eq!(maintained, expected);
        let pairs = pair_counts(db).await.unwrap();
        assert!(pairs.contains(&PairCount { solution_id: geoserver, standard_id: wfs, unsettled: 1, resolved: 1 }), "{pairs:?}");
        let insert = testing::migration_from(db, "20261206100000_map_text.sql", "INSERT INTO map_text");
        sqlx::query("DELETE FROM map_text").execute(db).await.unwrap();
        sqlx::query(&insert).execute(db).await.unwrap();
        assert_eq!(text(db).await, maintained);
    }

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
