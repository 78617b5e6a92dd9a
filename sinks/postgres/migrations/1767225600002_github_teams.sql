-- Up Migration
-- Teams, their members and their repositories as GitHub's organization webhooks tell them
-- (githubTeams.ts), beside what the organization file declares (teams.ts). Every team and
-- membership row says where it comes from, so the file's sync and a webhook's removal each take
-- back only what they gave: the file is the override, a webhook never removes what it declares.

-- Rows made before this migration came from the file: from_file defaults to true for them, false
-- for rows made from now on. github_at: the received time of the newest webhook applied (older
-- ones are ignored); github_deleted_at: the team was deleted on GitHub (kept as a tombstone so a
-- replayed older webhook cannot bring it back; a file team stays live regardless).
ALTER TABLE teams
  ADD COLUMN github_id bigint UNIQUE,
  ADD COLUMN slug text,
  ADD COLUMN organization text,
  ADD COLUMN parent_github_id bigint,
  ADD COLUMN from_file boolean NOT NULL DEFAULT true,
  ADD COLUMN github_at timestamptz,
  ADD COLUMN github_deleted_at timestamptz;
ALTER TABLE teams ALTER COLUMN from_file SET DEFAULT false;

ALTER TABLE team_members
  ADD COLUMN from_file boolean NOT NULL DEFAULT true,
  ADD COLUMN from_github boolean NOT NULL DEFAULT false,
  ADD COLUMN github_at timestamptz;
ALTER TABLE team_members ALTER COLUMN from_file SET DEFAULT false;

-- A team's access to a repository (team added_to_repository, team_add); GitHub's alone.
CREATE TABLE team_repositories (
  team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  repository text NOT NULL,
  permission text,
  github_at timestamptz NOT NULL,
  PRIMARY KEY (team_id, repository)
);

-- Who belongs to a GitHub organization (organization member_added / member_removed).
CREATE TABLE organization_members (
  organization text NOT NULL,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text,
  github_at timestamptz NOT NULL,
  PRIMARY KEY (organization, user_id)
);
CREATE INDEX organization_members_user_id ON organization_members (user_id);

-- People given a repository one by one (member added / edited / removed).
CREATE TABLE repository_collaborators (
  repository text NOT NULL,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  permission text,
  github_at timestamptz NOT NULL,
  PRIMARY KEY (repository, user_id)
);
CREATE INDEX repository_collaborators_user_id ON repository_collaborators (user_id);

-- When GitHub last removed something (a team member, a team's repository, an organization
-- member, a collaborator): removed rows are deleted, so this is what tells an older add, replayed
-- or redelivered after the removal, that it is older. `scope` is the team's id, the organization
-- or the repository; `subject` the person's GitHub id (github_id:<id>) or the repository.
CREATE TABLE github_removals (
  what text NOT NULL CHECK (what IN ('team_member', 'team_repository', 'organization_member', 'collaborator')),
  scope text NOT NULL,
  subject text NOT NULL,
  removed_at timestamptz NOT NULL,
  PRIMARY KEY (what, scope, subject)
);

-- Down Migration
DROP TABLE github_removals, repository_collaborators, organization_members, team_repositories;
ALTER TABLE team_members DROP COLUMN github_at, DROP COLUMN from_github, DROP COLUMN from_file;
ALTER TABLE teams DROP COLUMN github_deleted_at, DROP COLUMN github_at, DROP COLUMN from_file, DROP COLUMN parent_github_id, DROP COLUMN organization, DROP COLUMN slug, DROP COLUMN github_id;
