-- Lists that cost the same at any size. Every list of threads (the home page
-- and its filters, a tag's page, the map) is read from rows kept up to date by
-- the transaction of each change, never counted or skipped through per request.
--
-- `thread_facets`: one row per thread and per filter that can show it, a pair
-- (solution, standard) where 0 means "any": (0, 0) for every thread, (s, 0)
-- for each of its solutions, (0, t) for each standard, (s, t) for each pair.
-- Each row carries the thread's status and last activity, so a page of any
-- list is one range of an index (pages follow each other by the last row's
-- (last_activity_at, thread_id), not by an offset). Written by
-- app/src/store/facets.rs whenever a thread's tags, status or activity change.
CREATE TABLE thread_facets (
    thread_id         BIGINT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    solution_id       BIGINT NOT NULL,
    standard_id       BIGINT NOT NULL,
    status            TEXT   NOT NULL,
    last_activity_at  BIGINT NOT NULL,
    PRIMARY KEY (thread_id, solution_id, standard_id)
);
CREATE INDEX thread_facets_activity ON thread_facets (solution_id, standard_id, last_activity_at, thread_id);
CREATE INDEX thread_facets_status ON thread_facets (solution_id, standard_id, status, last_activity_at, thread_id);

-- How many threads each of those lists holds, by status: the totals of the
-- lists and tag pages, and the map's cells. Kept by the same transactions.
CREATE TABLE facet_counts (
    solution_id  BIGINT NOT NULL,
    standard_id  BIGINT NOT NULL,
    status       TEXT   NOT NULL,
    threads      BIGINT NOT NULL,
    PRIMARY KEY (solution_id, standard_id, status)
);

-- The rows of the threads that exist already (the same statement as
-- facets.rs, for every thread). end2end/fixtures/large_map.py runs the lines
-- between the two markers again after writing threads directly.
-- begin: fill thread_facets and facet_counts
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
-- end: fill thread_facets and facet_counts

-- A member's page lists their threads by last activity, and the replies of
-- theirs that resolved a thread: both read from an index, however many posts
-- they wrote. `resolution_author_id` is the author of `resolution_post_id`
-- (a post's author never changes), set with it.
CREATE INDEX threads_author_activity ON threads (author_id, last_activity_at, id);
DROP INDEX threads_author;
ALTER TABLE threads ADD COLUMN resolution_author_id BIGINT;
UPDATE threads SET resolution_author_id = (SELECT p.author_id FROM posts p WHERE p.id = threads.resolution_post_id)
WHERE resolution_post_id IS NOT NULL;
CREATE INDEX threads_resolution_author ON threads (resolution_author_id, resolution_post_id);
