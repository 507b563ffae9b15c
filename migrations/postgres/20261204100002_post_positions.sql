-- A post's position in its thread (PostgreSQL): read
-- migrations/sqlite/20261204100002_post_positions.sql for why. Writers of a
-- thread's next post lock the thread row first (`threads::lock`), so two
-- concurrent replies never compute the same position.
ALTER TABLE posts ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE posts SET seq = r.n
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY thread_id ORDER BY id) AS n FROM posts) AS r
WHERE r.id = posts.id;
CREATE UNIQUE INDEX posts_thread_seq ON posts (thread_id, seq);
