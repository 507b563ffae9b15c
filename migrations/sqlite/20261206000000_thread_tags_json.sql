-- Each thread's tags as every list shows them (slug, name, kind, detail), a
-- JSON array kept on the thread's row: a list of 25 threads read each one's
-- tags with a subquery (an index seek, a seek per tag, an array built), the
-- half of the list's query on a forum of 100 000 threads. Written in the
-- transaction of every change to a thread's tags and of every rename or merge
-- of a tag (app/src/store/facets.rs, `write_tags`), by the expression of
-- app/src/store/summaries.rs, `tags_json`; the statement below is that
-- expression, for the threads already there.
ALTER TABLE threads ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';
UPDATE threads SET tags_json = CAST(json((SELECT json_group_array(json_array(tg.slug, tg.name, tg.kind, tt.detail))
    FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id WHERE tt.thread_id = threads.id)) AS TEXT);
