-- Lists that cost the same at any size (PostgreSQL): read
-- migrations/sqlite/20261204100001_list_facets.sql for what each table and
-- column mean. The same tables in PostgreSQL's types, the foreign key
-- DEFERRABLE INITIALLY IMMEDIATE (for `jonction migrate-to-postgres`).
CREATE TABLE thread_facets (
    thread_id         BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    solution_id       BIGINT NOT NULL,
    standard_id       BIGINT NOT NULL,
    status            TEXT   NOT NULL,
    last_activity_at  BIGINT NOT NULL,
    PRIMARY KEY (thread_id, solution_id, standard_id)
);
CREATE INDEX thread_facets_activity ON thread_facets (solution_id, standard_id, last_activity_at, thread_id);
CREATE INDEX thread_facets_status ON thread_facets (solution_id, standard_id, status, last_activity_at, thread_id);

CREATE TABLE facet_counts (
    solution_id  BIGINT NOT NULL,
    standard_id  BIGINT NOT NULL,
    status       TEXT   NOT NULL,
    threads      BIGINT NOT NULL,
    PRIMARY KEY (solution_id, standard_id, status)
);

WITH sol (thread_id, tag_id) AS (
    SELECT id, 0 FROM threads
    UNION ALL
    SELECT tt.thread_id, tt.tag_id FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE g.kind = 'solution'
), std (thread_id, tag_id) AS (
    SELECT id, 0 FROM threads
    UNION ALL
    SELECT tt.thread_id, tt.tag_id FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE g.kind = 'standard'
)
INSERT INTO thread_facets (thread_id, solution_id, standard_id, status, last_activity_at)
SELECT t.id, sol.tag_id, std.tag_id, t.status, t.last_activity_at
FROM threads t JOIN sol ON sol.thread_id = t.id JOIN std ON std.thread_id = t.id;

INSERT INTO facet_counts (solution_id, standard_id, status, threads)
SELECT solution_id, standard_id, status, COUNT(*) FROM thread_facets GROUP BY solution_id, standard_id, status;

CREATE INDEX threads_author_activity ON threads (author_id, last_activity_at, id);
DROP INDEX threads_author;
ALTER TABLE threads ADD COLUMN resolution_author_id BIGINT;
UPDATE threads SET resolution_author_id = (SELECT p.author_id FROM posts p WHERE p.id = threads.resolution_post_id)
WHERE resolution_post_id IS NOT NULL;
CREATE INDEX threads_resolution_author ON threads (resolution_author_id, resolution_post_id);
