-- A thread's tags with their detail, read from the index alone: every list
-- of threads reads the tags of each of its rows (app/src/store/summaries.rs),
-- and the primary key's index held the tag but not the detail, so each tag
-- cost a second lookup in the table (a tenth of a 25-thread list's query on
-- a forum of 100 000 threads). The primary key still keeps a pair unique.
CREATE INDEX thread_tags_with_detail ON thread_tags (thread_id, tag_id, detail);
