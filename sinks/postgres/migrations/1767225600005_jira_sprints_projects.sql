-- Up Migration
-- Jira's sprint, project and user webhooks (sprints.ts, projects.ts). Sprints stay in
-- sprint_velocity, the one row per sprint velocity already reads; projects stay in projects.

-- state: future, active or closed, which only moves forward (a started sprint never goes back
-- to future). changed_at: the webhook time of the newest lifecycle event applied: an older one
-- replayed later fills gaps only. deleted_at: a sprint deleted in Jira is marked, not removed:
-- its issues' events may still name it, and a removed row would come back from the next one.
ALTER TABLE sprint_velocity
  ADD COLUMN state text CHECK (state IN ('future', 'active', 'closed')),
  ADD COLUMN changed_at timestamptz,
  ADD COLUMN deleted_at timestamptz;
UPDATE sprint_velocity SET state = 'closed' WHERE completed_at IS NOT NULL;

-- What Jira's project webhooks say, beside the organization file's name (file_name), which
-- wins where it says one: `name` is what readers read, coalesce(file_name, jira_name).
-- jira_at: the webhook time of the newest project event applied, so replays end the same.
-- A project deleted in Jira is marked (jira_deleted_at): events and owners refer to it.
ALTER TABLE projects
  ADD COLUMN file_name text,
  ADD COLUMN jira_id text,
  ADD COLUMN jira_name text,
  ADD COLUMN jira_type text,
  ADD COLUMN lead_account_id text,
  ADD COLUMN jira_at timestamptz,
  ADD COLUMN jira_deleted_at timestamptz;
-- Names so far came from the file only.
UPDATE projects SET file_name = name;
-- Not unique: a project whose key changed keeps its old key's row; the newest jira_at is current.
CREATE INDEX projects_jira_id ON projects (jira_id, jira_at);

-- Down Migration
DROP INDEX projects_jira_id;
ALTER TABLE projects DROP COLUMN file_name, DROP COLUMN jira_id, DROP COLUMN jira_name, DROP COLUMN jira_type, DROP COLUMN lead_account_id, DROP COLUMN jira_at, DROP COLUMN jira_deleted_at;
ALTER TABLE sprint_velocity DROP COLUMN state, DROP COLUMN changed_at, DROP COLUMN deleted_at;
