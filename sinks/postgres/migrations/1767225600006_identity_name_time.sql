-- Up Migration
-- When an identity's display_name was seen (identities.ts): the name follows the newest sighting
-- that carries one, not the newest sighting, so a later event without a name (a Jira user deleted)
-- followed by a replay of an older named one (the user renamed) keeps the renamed name whatever
-- order they arrive in. Null for rows written before it: the next named sighting sets it.
ALTER TABLE identities ADD COLUMN display_name_at timestamptz;

-- Down Migration
ALTER TABLE identities DROP COLUMN display_name_at;
