-- Each map cell also as the text the map reads (`solution_id,standard_id,
-- unsettled,resolved`), written by the database itself whenever the row
-- changes: formatting the 572 cells of a forum with every pair filled on each
-- request cost more than reading them (app/src/store/map.rs). Casts and `||`,
-- because a generated column's expression must be immutable (`format` is not).
ALTER TABLE map_counts ADD COLUMN cell TEXT NOT NULL
    GENERATED ALWAYS AS (solution_id::text || ',' || standard_id::text || ',' || unsettled::text || ',' || resolved::text) STORED;
