-- Each map cell also as the text the map reads (`solution_id,standard_id,
-- unsettled,resolved`), written by SQLite itself whenever the row changes:
-- formatting the 572 cells of a forum with every pair filled on each request
-- cost more than reading them (app/src/store/map.rs).
--
-- SQLite adds a stored generated column only to a new table: the table is
-- made again with it, and its rows copied.
CREATE TABLE map_counts_with_cell (
    solution_id  BIGINT NOT NULL,
    standard_id  BIGINT NOT NULL,
    threads      BIGINT NOT NULL,
    unsettled    BIGINT NOT NULL,
    resolved     BIGINT NOT NULL,
    cell         TEXT NOT NULL
        GENERATED ALWAYS AS (printf('%d,%d,%d,%d', solution_id, standard_id, unsettled, resolved)) STORED,
    PRIMARY KEY (solution_id, standard_id)
);
INSERT INTO map_counts_with_cell (solution_id, standard_id, threads, unsettled, resolved)
    SELECT solution_id, standard_id, threads, unsettled, resolved FROM map_counts;
DROP TABLE map_counts;
ALTER TABLE map_counts_with_cell RENAME TO map_counts;
