-- Long threads are shown in pages of a fixed number of posts. A post's
-- position in its thread (1 for the opening post) fixes the page it is on for
-- good: posts are never removed (a deletion keeps the row), so a link to a
-- post always finds it on the same page, and a page is one range of an index
-- whatever the thread's length. Set when the post is written (the next
-- position in its thread); unique, so two writers can never share one.
ALTER TABLE posts ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE posts SET seq = r.n
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY thread_id ORDER BY id) AS n FROM posts) AS r
WHERE r.id = posts.id;
CREATE UNIQUE INDEX posts_thread_seq ON posts (thread_id, seq);
