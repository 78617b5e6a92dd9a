-- Up Migration
-- A GitHub repository's names over time (repositoryNames.ts). Events are stored under the full
-- name they were sent with; a rename or a transfer changes that name but not GitHub's id, so
-- every name change is kept as an edge (from → to) and `repository_former_names` follows the
-- edges back, transitively (a → b → c: c's former names are b and a), so a query naming the
-- current name also finds what was stored under the old ones while they were its.

-- github_id: GitHub's id of the repository, once a repository webhook named it; github_at: the
-- received time of the newest repository webhook applied (an older one replayed later is ignored);
-- archived, deleted_at: its state as that webhook said.
ALTER TABLE repositories
  ADD COLUMN github_id bigint,
  ADD COLUMN archived boolean,
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN github_at timestamptz;
CREATE INDEX repositories_github_id ON repositories (github_id);

-- One row per rename or transfer; a replay inserts the same row again, which changes nothing.
CREATE TABLE repository_renames (
  github_id bigint NOT NULL,
  from_full_name text NOT NULL,
  to_full_name text NOT NULL,
  renamed_at timestamptz NOT NULL,
  PRIMARY KEY (github_id, from_full_name, to_full_name, renamed_at)
);
CREATE INDEX repository_renames_to ON repository_renames (to_full_name);

-- Every name a repository was known by before `full_name`, each with the time it stopped being
-- the repository's (`until`: the rename away from it) and, when known, since when it was
-- (`since`: the newest rename before `until` that touched the name). GitHub lets a name be used
-- again (acme/api renamed to acme/api-legacy, then a new acme/api created), so a former name
-- stands for the repository only for events before `until`. A name's former names are followed
-- from its newest rename if that rename led to it (a name renamed away has none: its holder now
-- is someone else), then back, each step from the newest rename that touched the name before
-- `until`: into it, followed; away from it, the name was someone else's before, so the walk
-- ends. Every step goes strictly back in time, so a name renamed back and forth (a → b → a) ends.
CREATE VIEW repository_former_names AS
WITH RECURSIVE former (full_name, former_name, until) AS (
  SELECT n.to_full_name, n.from_full_name, n.renamed_at FROM repository_renames n
  WHERE NOT EXISTS (
    SELECT 1 FROM repository_renames l
    WHERE n.to_full_name IN (l.from_full_name, l.to_full_name) AND (l.renamed_at, l.from_full_name) > (n.renamed_at, n.from_full_name)
  )
  UNION
  SELECT f.full_name, p.from_full_name, p.renamed_at
  FROM former f
  CROSS JOIN LATERAL (
    SELECT r.from_full_name, r.to_full_name, r.renamed_at FROM repository_renames r
    WHERE f.former_name IN (r.from_full_name, r.to_full_name) AND r.renamed_at < f.until
    ORDER BY r.renamed_at DESC, r.from_full_name DESC LIMIT 1
  ) p
  WHERE p.to_full_name = f.former_name
)
SELECT f.full_name, f.former_name,
  (SELECT max(r.renamed_at) FROM repository_renames r WHERE f.former_name IN (r.from_full_name, r.to_full_name) AND r.renamed_at < f.until) AS since,
  f.until
FROM former f WHERE f.former_name <> f.full_name;

-- Down Migration
DROP VIEW repository_former_names;
DROP TABLE repository_renames;
DROP INDEX repositories_github_id;
ALTER TABLE repositories DROP COLUMN github_id, DROP COLUMN archived, DROP COLUMN deleted_at, DROP COLUMN github_at;
