-- Up Migration
-- The actuator's dedupe ledger (actuators/ledger.ts): one row per command or notification id.
-- A row without done_at is a claim whose outcome is unknown (the process stopped, or the target
-- answered 5xx or not at all, between the claim and the record): the next attempt checks the
-- target before acting again. A row with done_at is never acted on again.
CREATE TABLE actuator_ledger (
  command_id text PRIMARY KEY,
  target text NOT NULL CHECK (target IN ('jira', 'slack')),
  claimed_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 1,
  -- What an attempt learnt before acting (a transition's target status), for the next one.
  detail jsonb,
  done_at timestamptz,
  -- performed, or found-done (the target already had it).
  outcome text,
  -- What the target answered (comment id, message ts), for audit.
  result jsonb
);

-- Down Migration
DROP TABLE actuator_ledger;
