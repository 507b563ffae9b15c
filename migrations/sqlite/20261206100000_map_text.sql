-- The map's cells as one text, the `cell` of every pair with threads joined
-- by ';' (app/src/store/map.rs): the map read one row per cell, 572 of them
-- on a forum with every pair filled, 40 µs of SQLite's time a request in the
-- `sqlite3` shell against 3 for this one row. One row only (`id` 1).
-- Written again by every transaction that changed `map_counts`, as its last
-- statement before COMMIT (app/src/store/tx.rs, `commit`), by the statement
-- of `map::write_text`; the statement below is that one, for the cells
-- already there.
CREATE TABLE map_text (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    cells TEXT NOT NULL
);
INSERT INTO map_text (id, cells)
    SELECT 1, COALESCE((SELECT group_concat(cell, ';') FROM map_counts WHERE threads > 0), '');
