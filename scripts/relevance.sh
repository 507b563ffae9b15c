#!/usr/bin/env bash
# Relevance of the forum's search on a real mailing-list archive, side by side
# with a plain PostgreSQL full-text baseline on the same threads (as Discourse
# ranks: to_tsvector / plainto_tsquery / ts_rank, title weighted A, text D).
#
#   ./scripts/relevance.sh ARCHIVE_DIR [JUDGMENTS]
#
# ARCHIVE_DIR holds one directory per list (pipermail monthly .txt or .txt.gz,
# or mbox files), e.g. the OSGeo lists of github.com/mdsumner/lists.osgeo.org
# (see README). JUDGMENTS defaults to bench/relevance/osgeo.tsv: one query a
# line, then the Message-IDs of the first message of each thread that answers
# it. The archive is imported into a throwaway data directory with
# `jonction-relevance` (which also runs the queries through forum::search),
# then a throwaway PostgreSQL 15 cluster (Debian's `postgresql`) on a free port
# ranks the same threads (and, for reference, the same ranking when any word of
# the query may match). Prints recall@10 and MRR side by side, then each
# query's rank of its first answer. RELEVANCE_PROFILE=release builds optimised.
set -euo pipefail
cd "$(dirname "$0")/.."

archive=$(realpath "${1:?usage: scripts/relevance.sh ARCHIVE_DIR [JUDGMENTS]}")
judgments=$(realpath "${2:-bench/relevance/osgeo.tsv}")
profile=${RELEVANCE_PROFILE:-dev}
target_dir=$([ "$profile" = release ] && echo release || echo debug)

command -v pg_config >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
pgbin=$(pg_config --bindir)
[ -x "$pgbin/initdb" ] || pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

echo "==> cargo build --profile $profile -p server --bin jonction-relevance"
cargo build -q --profile "$profile" -p server --bin jonction-relevance

work=$(mktemp -d)
pgdir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
cleanup() {
  as_postgres "$pgbin/pg_ctl -D $pgdir/data -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT

echo "==> importing $archive (skipped messages: $work/import.log)"
"./target/$target_dir/jonction-relevance" "$archive" --judgments "$judgments" --data-dir "$work/data" --out "$work/out" \
  2> "$work/import.log"
echo "    $(grep -c '^ignoré' "$work/import.log" || true) messages skipped (the first 20):"
grep '^ignoré' "$work/import.log" | head -20 | sed 's/^/    /' || true

echo "==> PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $port"
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
as_postgres "$pgbin/initdb -D $pgdir/data -A trust -U postgres" >/dev/null
# A throwaway cluster: no fsync.
as_postgres "$pgbin/pg_ctl -D $pgdir/data -w -l $pgdir/log -o '-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
psql() { PGOPTIONS='-c client_min_messages=warning' command psql -X -q -h "$pgdir" -p "$port" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql <<SQL
CREATE TABLE corpus (id bigint PRIMARY KEY, title text, body text);
\copy corpus FROM '$work/out/corpus.tsv'
CREATE TABLE queries (n int PRIMARY KEY, q text);
\copy queries FROM '$work/out/queries.tsv'
CREATE TABLE judgments (n int, thread bigint);
\copy judgments FROM '$work/out/judgments.tsv'
CREATE TABLE forum (n int, rank int, thread bigint);
\copy forum FROM '$work/out/forum.tsv'
-- A tsvector holds at most 1 MB: the longest threads are cut, as Discourse cuts its search data.
ALTER TABLE corpus ADD COLUMN tsv tsvector;
UPDATE corpus SET tsv = setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', left(body, 300000)), 'D');
CREATE INDEX ON corpus USING gin (tsv);
CREATE TABLE baseline AS
  SELECT n, rank, thread FROM (
    SELECT q.n, c.id AS thread,
           row_number() OVER (PARTITION BY q.n ORDER BY ts_rank(c.tsv, plainto_tsquery('english', q.q)) DESC, c.id) AS rank
    FROM queries q JOIN corpus c ON c.tsv @@ plainto_tsquery('english', q.q)
  ) ranked WHERE rank <= 10;
-- The same ranking when any word may match (plainto_tsquery requires them all), for reference.
CREATE TABLE baseline_any AS
  SELECT n, rank, thread FROM (
    SELECT q.n, c.id AS thread,
           row_number() OVER (PARTITION BY q.n ORDER BY ts_rank(c.tsv, any_word.query) DESC, c.id) AS rank
    FROM queries q
    CROSS JOIN LATERAL (SELECT replace(plainto_tsquery('english', q.q)::text, '&', '|')::tsquery AS query) any_word
    JOIN corpus c ON c.tsv @@ any_word.query
  ) ranked WHERE rank <= 10;
CREATE VIEW runs AS SELECT 'forum' AS system, n, rank, thread FROM forum
                    UNION ALL SELECT 'postgresql', n, rank, thread FROM baseline
                    UNION ALL SELECT 'postgresql, any word', n, rank, thread FROM baseline_any;
CREATE VIEW per_query AS
  SELECT s.system, q.n, q.q,
         (SELECT count(DISTINCT r.thread) FROM runs r JOIN judgments j ON j.n = r.n AND j.thread = r.thread
           WHERE r.system = s.system AND r.n = q.n)::float
         / (SELECT count(DISTINCT j.thread) FROM judgments j WHERE j.n = q.n) AS recall,
         (SELECT min(r.rank) FROM runs r JOIN judgments j ON j.n = r.n AND j.thread = r.thread
           WHERE r.system = s.system AND r.n = q.n) AS first_answer
  FROM queries q CROSS JOIN (VALUES ('forum'), ('postgresql'), ('postgresql, any word')) s(system);
SQL
echo "==> threads: $(psql -At -c 'SELECT count(*) FROM corpus'), queries: $(psql -At -c 'SELECT count(*) FROM queries')"
psql -c "SELECT system, count(*) AS queries, round(avg(recall)::numeric, 3) AS \"recall@10\",
                round(avg(COALESCE(1.0 / first_answer, 0))::numeric, 3) AS mrr
         FROM per_query GROUP BY system ORDER BY system"
psql -c "SELECT f.n, left(f.q, 64) AS query, f.first_answer AS forum, p.first_answer AS postgresql,
                a.first_answer AS \"any word\"
         FROM per_query f JOIN per_query p ON p.n = f.n AND p.system = 'postgresql'
         JOIN per_query a ON a.n = f.n AND a.system = 'postgresql, any word'
         WHERE f.system = 'forum' ORDER BY f.n"
