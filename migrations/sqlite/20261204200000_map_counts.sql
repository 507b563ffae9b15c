-- The interoperability map's cells, kept by the same transactions as
-- `facet_counts` (app/src/store/facets.rs): for each pair (solution,
-- standard) that has shared a thread, how many threads carry both, how many
-- of them are unsettled (open, needs information or confirmed:
-- `ThreadStatus::UNSETTLED`) and how many resolved. The map reads these few
-- hundred rows as they are, where summing `facet_counts` by pair read
-- thousands on each request. A pair whose threads all left stays, with zeros.
CREATE TABLE map_counts (
    solution_id  BIGINT NOT NULL,
    standard_id  BIGINT NOT NULL,
    threads      BIGINT NOT NULL,
    unsettled    BIGINT NOT NULL,
    resolved     BIGINT NOT NULL,
    PRIMARY KEY (solution_id, standard_id)
);

-- The cells of the threads that exist already (the statuses spelled as
-- `ThreadStatus::UNSETTLED` and `Resolved` are stored).
-- end2end/fixtures/large_map.py runs the lines between the two markers again.
-- begin: fill map_counts
INSERT INTO map_counts (solution_id, standard_id, threads, unsettled, resolved)
SELECT solution_id, standard_id, COUNT(*),
       SUM(CASE WHEN status IN ('open', 'needs_info', 'confirmed') THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END)
FROM thread_facets WHERE solution_id <> 0 AND standard_id <> 0
GROUP BY solution_id, standard_id;
-- end: fill map_counts
