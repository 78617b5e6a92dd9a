-- Up Migration
-- Time logged in Jira (worklog webhooks) and what ties it to a project: the hours of the
-- hourly-rate question (queries.ts timeSpent). jiraWork.ts writes both tables.

-- A Jira issue's key and project, from issue.created/updated/deleted: worklogs name their issue
-- by id only. version_at is the issue's updated time (a deletion's, its webhook time): an older
-- event never overwrites a newer one. A deleted issue keeps its row, marked, so a late replay of
-- an update cannot bring it back (Jira deletes its worklogs with it: timeSpent leaves them out).
CREATE TABLE jira_issues (
  issue_id text PRIMARY KEY,
  issue_key text NOT NULL,
  project_key text NOT NULL,
  version_at timestamptz NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX jira_issues_project_key ON jira_issues (project_key);

-- The current version of each worklog. author_account_id is the Jira accountId, joined to a
-- person through identities (source 'jira') at query time, so a later merge of people is seen.
-- version_at is the worklog's `updated`; deleted_at marks a deletion, which nothing undoes.
CREATE TABLE jira_worklogs (
  worklog_id text PRIMARY KEY,
  issue_id text NOT NULL,
  author_account_id text,
  time_spent_seconds bigint NOT NULL CHECK (time_spent_seconds >= 0),
  started_at timestamptz,
  version_at timestamptz NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX jira_worklogs_issue_id ON jira_worklogs (issue_id);

-- Down Migration
DROP TABLE jira_worklogs;
DROP TABLE jira_issues;
