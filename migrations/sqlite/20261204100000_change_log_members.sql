-- The change log also says when a member changed (name, organisation or
-- role: kind `member_changed`, shown beside their posts and on their page)
-- and when a tag was created (`tag_created`, a new choice in the list
-- filters), so that the page cache, like every other reader of the log,
-- learns of these changes whichever process made them. `user_id` names the
-- member; NULL on every other kind.
ALTER TABLE change_log ADD COLUMN user_id BIGINT;
