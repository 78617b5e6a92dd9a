/**
 * The PostgreSQL (Aurora) sink: people, their identities across GitHub, Jira, Slack and email,
 * teams, projects, repositories, daily developer activity and sprint velocity.
 *
 * - `init()` is the reachability and credentials check (its first connection), then the
 *   migrations (migrate.ts: node-pg-migrate under an advisory lock, so workers starting together
 *   do not race), then the teams file if one is configured (teams.ts).
 * - `write(events)` is ONE transaction per batch, a few multi-row statements in it, built from
 *   the rows the handlers give each event (handlers.ts): resolve identities (identities.ts),
 *   upsert repositories, projects and sprints, apply GitHub's teams, members and access
 *   (githubTeams.ts), claim the event ids in `processed_events`
 *   (INSERT … ON CONFLICT DO NOTHING RETURNING) and bump the daily counters for the ids claimed
 *   now only. Entities are upserts, so writing them again changes
 *   nothing; counters are bumped once per event id because the claim and the bump commit or
 *   roll back together. A batch that fails is the guard's to search for the events that fail
 *   alone (operators/bisect.ts); each part it writes is a transaction of its own, and a failed
 *   one leaves nothing behind, so no event is counted twice.
 * - `health()` is `SHOW server_version`; `summary()` counts each table's rows (summary.ts);
 *   `close()` ends the pool.
 *
 * Errors are PostgresSinkErrors with `retriable` (errors.ts). Batch size, wait, breaker and rate
 * limit are the shared operators' business.
 */
import pg from 'pg';
import type { EngEvent } from '../../avro/generated/types.ts';
import { rowsOf } from '../handlers.ts';
import type { Sink, SinkHealth, StoreSummary } from '../sink.ts';
import type { PostgresConfig } from './config.ts';
import { applicationName, watchPool } from './connectionErrors.ts';
import { classifyPostgresError } from './errors.ts';
import { githubOrgRowsOf } from './githubRows.ts';
import { applyGitHubOrgRows } from './githubTeams.ts';
import { postgresHandlers } from './handlers.ts';
import { applyJiraWorkRows, jiraWorkRowsOf } from './jiraWork.ts';
import { resolveIdentities } from './identities.ts';
import { migrate } from './migrate.ts';
import { applyRepositoryNames } from './repositoryNames.ts';
import { rowsFor } from './rows.ts';
import { postgresSummary } from './summary.ts';
import { loadTeamsFile, syncTeams } from './teams.ts';
import { upsertJiraProjects } from './projects.ts';
import { upsertSprints } from './sprints.ts';
import { claimEvents, incrementActivity, upsertProjects, upsertRepositories } from './upserts.ts';

export interface PostgresSink extends Sink {
  /** The pool, for queries.ts and tests; the sink owns it and ends it. */
  readonly pool: pg.Pool;
  readonly schema: string;
  summary(): Promise<StoreSummary>;
  /** Applies the configured teams file again (init() does it at start); a no-op without one. */
  syncTeams(): Promise<void>;
}

export function postgresSink(config: PostgresConfig): PostgresSink {
  // search_path as a startup parameter: every pooled connection sees only our schema, so the
  // SQL names tables bare and a test can use a schema of its own.
  // A connection the server drops (Aurora failover, an admin's pg_terminate_backend), idle or
  // checked out, is reported, never thrown (connectionErrors.ts); the next query gets a fresh one.
  const pool = watchPool(
    new pg.Pool({ connectionString: config.url, max: config.poolMax, options: `-c search_path=${config.schema}`, fallback_application_name: applicationName(`sink:postgres ${config.schema}`) }),
    'postgres sink:postgres',
  );

  async function inTransaction<T>(during: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw classifyPostgresError(error, `${during} (connect)`);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw classifyPostgresError(error, during);
    } finally {
      client.release(broken); // a connection in doubt is destroyed, not reused
    }
  }

  async function writeOnce(events: readonly EngEvent[]): Promise<void> {
    await inTransaction(`write of ${events.length} event(s)`, async (client) => {
      // Inside the transaction: a row that cannot be built (a time that is no time) is this
      // batch's permanent failure, isolated to its event like a failed statement.
      const rows = events.flatMap((event) => rowsOf(postgresHandlers, event));
      const users = await resolveIdentities(client, rowsFor(rows, 'identities').map((row) => row.sighting));
      await upsertRepositories(client, rowsFor(rows, 'repositories'));
      await applyRepositoryNames(client, rowsFor(rows, 'repository_names'));
      await upsertProjects(client, rowsFor(rows, 'projects'));
      await upsertJiraProjects(client, rowsFor(rows, 'jira_projects'));
      await upsertSprints(client, rowsFor(rows, 'sprint_velocity'));
      await applyGitHubOrgRows(client, githubOrgRowsOf(rows), users);
      await applyJiraWorkRows(client, jiraWorkRowsOf(rows));
      const claimed = await claimEvents(client, rowsFor(rows, 'processed_events'));
      await incrementActivity(client, rowsFor(rows, 'developer_daily_activity').filter((row) => claimed.has(row.eventId)), users);
    });
  }

  async function applyTeams(): Promise<void> {
    if (config.teamsFile === undefined) return;
    const file = await loadTeamsFile(config.teamsFile);
    const client = await pool.connect().catch((error: unknown) => {
      throw classifyPostgresError(error, 'teams sync (connect)');
    });
    try {
      await syncTeams(client, file);
    } catch (error) {
      throw classifyPostgresError(error, 'teams sync');
    } finally {
      client.release();
    }
  }

  return {
    store: 'postgres',
    pool,
    schema: config.schema,

    async init() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw classifyPostgresError(error, 'init (connect)');
      }
      try {
        await migrate(client, config.schema);
      } catch (error) {
        throw classifyPostgresError(error, 'init (migrations)');
      } finally {
        client.release();
      }
      await applyTeams();
    },

    syncTeams: applyTeams,

    async write(events) {
      // An id twice in one batch (a redelivery batched with its original) is one event.
      const byId = new Map<string, EngEvent>();
      for (const event of events) if (!byId.has(event.eventId)) byId.set(event.eventId, event);
      if (byId.size > 0) await writeOnce([...byId.values()]);
    },

    async health(): Promise<SinkHealth> {
      try {
        const result = await pool.query<{ server_version: string }>('SHOW server_version');
        return { healthy: true, version: result.rows[0]?.server_version ?? 'unknown' };
      } catch (error) {
        return { healthy: false, detail: classifyPostgresError(error, 'health check').message };
      }
    },

    async summary() {
      try {
        return await postgresSummary(pool, config.url, config.schema);
      } catch (error) {
        throw classifyPostgresError(error, 'summary');
      }
    },

    async close() {
      await pool.end();
    },
  };
}
