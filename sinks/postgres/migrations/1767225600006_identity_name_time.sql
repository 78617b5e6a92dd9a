-- Up Migration
-- When an identity's display_name was seen (identities.ts): the name follows the newest sighting
-- that carries one, not the newest sighting, so a later event without a name (a Jira user deleted)
-- followed by a replay of an older named one (the user renamed) keeps the renamed name whatever
-- order they arrive in. Rows written before it followed their newest sighting, so that time bounds
-- their name's: an older named event replayed after the upgrade does not bring back an old name.
ALTER TABLE identities ADD COLUMN display_name_at timestamptz;
UPDATE identities SET display_name_at = last_seen_at WHERE display_name IS NOT NULL;

-- Down Migration
ALTER TABLE identities DROP COLUMN display_name_at;
