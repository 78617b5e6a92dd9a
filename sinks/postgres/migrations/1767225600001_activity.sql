-- Up Migration
-- Counters and the ledger that keeps them exact on replay (sink.ts).

-- Event ids already counted. The sink inserts a batch's ids with ON CONFLICT DO NOTHING
-- RETURNING in the transaction that increments the counters, and counts only the ids returned.
CREATE TABLE processed_events (
  event_id text PRIMARY KEY,
  type text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
);

-- Per person and UTC day. Increments only (never recomputed), hence the ledger above.
CREATE TABLE developer_daily_activity (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day date NOT NULL,
  commits integer NOT NULL DEFAULT 0,
  prs_opened integer NOT NULL DEFAULT 0,
  prs_merged integer NOT NULL DEFAULT 0,
  reviews integer NOT NULL DEFAULT 0,
  issues_completed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, day)
);

-- One row per Jira sprint: name and project from the issues that mention it, dates and points
-- from jira.sprint.closed. State, not counters: upserting it again changes nothing.
CREATE TABLE sprint_velocity (
  sprint_id bigint PRIMARY KEY,
  name text,
  board_id bigint,
  project_key text,
  start_at timestamptz,
  end_at timestamptz,
  completed_at timestamptz,
  committed_points numeric,
  completed_points numeric,
  committed_issues integer,
  completed_issues integer
);
CREATE INDEX sprint_velocity_project ON sprint_velocity (project_key, completed_at);

-- Down Migration
DROP TABLE sprint_velocity, developer_daily_activity, processed_events;
