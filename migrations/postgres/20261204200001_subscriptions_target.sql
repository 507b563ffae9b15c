-- Thread and tag pages show how many members follow them (followers of one
-- `target`, muted ones aside), on every render: without an index by target
-- that count read every subscription of the forum. With it, one range of an
-- index, whatever the number of members.
CREATE INDEX subscriptions_target ON subscriptions (target, level);
