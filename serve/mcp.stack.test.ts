/**
 * The catalogue as agents use it: the MCP SDK's own `Client`, over Streamable HTTP (a bearer
 * token, the stateless transport) and over stdio (the real `switchyard serve --stdio` process),
 * against a corner of the stack filled through the real pipeline (access/testing/populatedCorner.ts:
 * the samples as webhooks → Kafka → normalize → sinks, the Shop DORA history onto the events topic).
 *
 * Every question is called on both transports; each answer must equal the in-process typed
 * client's, and the ones with known answers are checked against them: Shop's DORA figures against
 * `doraMetrics(shopFacts…)` (the history's hand-checked definition), the user against the
 * PostgreSQL query run on the writer's own connection, the graph's answers against the
 * organization file and the samples.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf, QuestionName } from '../access/catalogue.ts';
import { CATALOGUE } from '../access/catalogue.ts';
import { questionClient } from '../access/client.ts';
import { openAccess, type Access } from '../access/service.ts';
import { populatedCorner, type PopulatedCorner } from '../access/testing/populatedCorner.ts';
import { createLogger } from '../observability/logger.ts';
import { sampleWebhooks } from '../replay/index.ts';
import { doraMetrics } from '../sinks/clickhouse/dora/metrics.ts';
import { doraRules } from '../sinks/clickhouse/dora/rules.ts';
import { at, SHOP_SCOPE, shopFacts } from '../sinks/clickhouse/dora/testing/shopHistory.ts';
import { userByGithubLogin } from '../sinks/postgres/queries.ts';
import { fixtureWebhooks } from '../test/support/fixtureWebhooks.ts';
import { digestOf, newToken } from './auth.ts';
import { startServe, type RunningServe } from './server.ts';
import { testSettings } from './testing/testQuestions.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIMITS = { rowCap: 100, maxTopK: 10, timeoutMs: 20_000 };
const WHOLE_HISTORY = { from: '2019-01-01', to: '2027-01-01' };
const MARCH = { month: '2025-03' };

/** One input per question, from what the corner holds (the samples, the Shop history, the organization file). */
const INPUTS: { readonly [N in QuestionName]: InputOf<N> } = {
  user_by_github_login: { login: 'Codertocat' },
  identity_lookup: { source: 'slack', id: 'U0CODERTOCAT' },
  projects_owned_by_team: { team: 'Shop Team' },
  project_owners: { project: 'Shop' },
  projects: {},
  hourly_rate: { developer: 'Codertocat' },
  developer_activity: { login: 'Codertocat', period: WHOLE_HISTORY },
  developer_workload: { login: 'Codertocat', days: 90 },
  sprint_velocity: { project: 'PROJ' },
  project_sprints: { project: 'PROJ' },
  time_spent: { project: 'PROJ', period: WHOLE_HISTORY },
  dora_metrics: { project: 'Shop', period: MARCH },
  deployment_frequency: { project: 'shop', period: MARCH },
  dora_trend: { project: 'Shop', weeks: 4 },
  project_activity: { project: 'Shop' },
  lead_time_breakdown: { project: 'Shop', period: MARCH },
  delivery_timeline: { project: 'Shop', period: MARCH },
  pr_review_time_trend: { project: 'Hello World', period: WHOLE_HISTORY },
  pr_pickup_time_trend: { project: 'HELLO', period: WHOLE_HISTORY },
  top_committers: { project: 'HELLO', period: WHOLE_HISTORY },
  pull_request: { repository: 'Codertocat/Hello-World', number: 2 },
  similar_developers: { text: 'fixed the login bug', topK: 3 },
  relevant_docs: { question: 'how do we deploy to production?', topK: 3 },
  developers_like: { developer: 'github:codertocat', topK: 3 },
  projects_affected_by_delay: { project: 'SHOP' },
  developers_near_team: { team: 'Shop Team', hops: 1 },
  dependency_chain: { project: 'PAY' },
  repository_contributors: { repository: 'Codertocat/Hello-World' },
  reviewers_for_pr: { repository: 'Codertocat/Hello-World', number: 2 },
  project_slip_impact: { project: 'Shop' },
  sprint_top_committers: { project: 'HELLO' },
};

let corner: PopulatedCorner;
let access: Access;
let server: RunningServe;
const token = newToken();
/** Each question's in-process answer: what both transports must give. */
const expected = new Map<string, unknown>();

beforeAll(async () => {
  corner = await populatedCorner({ id: `access_mcp_${Date.now().toString(36)}`, webhooks: [...sampleWebhooks(), ...(await fixtureWebhooks())] });
  access = openAccess({ stores: corner.config.stores, limits: LIMITS, organization: corner.organization });
  const client = questionClient(access);
  for (const name of Object.keys(INPUTS) as QuestionName[]) expected.set(name, await client.ask(name, INPUTS[name] as never));
  server = await startServe({ access, settings: testSettings({ tokens: [{ name: 'tests', digest: Buffer.from(token.digest, 'hex') }], limits: LIMITS }), logger: createLogger({ level: 'silent' }), port: 0 });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await access?.close();
  await corner?.cleanUp();
}, 120_000);

/** Connects over `transport`, asks every question, and expects each answer to be the in-process one. */
async function expectAnswersAsInProcess(name: string, transport: Transport): Promise<void> {
  const client = new Client({ name, version: '0' });
  await client.connect(transport);
  try {
    const answers = await askEverything(client);
    for (const [question, answer] of answers) expect(answer, question).toEqual(expected.get(question));
  } finally {
    await client.close();
  }
}

/** Every question's structured answer over one MCP client. */
async function askEverything(client: Client): Promise<Map<string, unknown>> {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(CATALOGUE.map((q) => q.name).sort());
  for (const tool of tools) {
    expect(tool.inputSchema.type, tool.name).toBe('object');
    expect(tool.outputSchema?.type, tool.name).toBe('object');
    expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
  }
  const answers = new Map<string, unknown>();
  for (const [name, input] of Object.entries(INPUTS)) {
    const result = await client.callTool({ name, arguments: input as Record<string, unknown> });
    expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeFalsy();
    answers.set(name, result.structuredContent);
  }
  return answers;
}

describe('the catalogue over MCP, on stores filled through the pipeline', () => {
  it('answers the questions with known answers correctly (in process)', async () => {
    const march = { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') };
    const dora = expected.get('dora_metrics') as { metrics: unknown; scope: unknown };
    expect(dora.scope).toEqual(SHOP_SCOPE);
    expect(dora.metrics).toEqual(JSON.parse(JSON.stringify(doraMetrics(shopFacts, SHOP_SCOPE, march, doraRules()))));
    expect((expected.get('deployment_frequency') as { deploymentFrequency: unknown }).deploymentFrequency).toEqual((dora.metrics as { deploymentFrequency: unknown }).deploymentFrequency);

    // The user, as the PostgreSQL query gives it on the writer's own connection.
    const writer = new pg.Pool({ connectionString: corner.config.stores.postgres.url, max: 1, options: `-c search_path=${corner.config.stores.postgres.schema}` });
    try {
      const direct = await userByGithubLogin(writer, 'Codertocat');
      expect(direct).not.toBeNull();
      expect((expected.get('user_by_github_login') as { user: unknown }).user).toEqual(JSON.parse(JSON.stringify(direct)));
    } finally {
      await writer.end();
    }
    const user = (expected.get('user_by_github_login') as { user: { id: number; teams: string[]; hourlyRate: number | null } }).user;
    expect(user.teams).toEqual(['Shop Team']);
    expect(user.hourlyRate).toBe(120);
    expect((expected.get('identity_lookup') as { user: { id: number } }).user.id).toBe(user.id);
    expect((expected.get('hourly_rate') as { hourlyRate: number }).hourlyRate).toBe(120);
    expect((expected.get('projects_owned_by_team') as { rows: { key: string }[] }).rows.map((r) => r.key)).toEqual(['SHOP']);

    // The graph: Payments depends on Shop; Codertocat committed to the samples' repository and is in Shop Team.
    expect((expected.get('projects_affected_by_delay') as { rows: { project: string; distance: number }[] }).rows).toContainEqual({ project: 'PAY', distance: 1 });
    expect(JSON.stringify(expected.get('dependency_chain'))).toContain('SHOP');
    expect((expected.get('repository_contributors') as { rows: { login: string | null }[] }).rows.map((r) => r.login?.toLowerCase())).toContain('codertocat');
    expect((expected.get('developers_near_team') as { rows: { login: string | null }[] }).rows.map((r) => r.login?.toLowerCase())).toContain('codertocat');

    // The samples' repository as a project: its one commit, its reviewed pull request, its Jira sprint.
    expect((expected.get('top_committers') as { rows: { login: string | null; commits: number }[] }).rows.map((r) => [r.login?.toLowerCase(), r.commits])).toEqual([['codertocat', 1]]);
    // Its one review is by its author, which review time (DevLake's) does not count.
    expect((expected.get('pr_review_time_trend') as { rows: unknown[] }).rows).toEqual([]);
    expect((expected.get('sprint_top_committers') as { sprint: { name: string } | null }).sprint?.name).toBe('PROJ Sprint 12');
    expect((expected.get('developer_activity') as { rows: unknown[] }).rows).toEqual([{ day: '2019-05-15', commits: 1, prsOpened: 1, prsMerged: 1, reviews: 1, issuesCompleted: 0 }]);

    // The samples' pull request, and the cross-store answers built on it.
    expect((expected.get('pull_request') as { pullRequest: { number: number; author: string | null } }).pullRequest).toMatchObject({ number: 2 });
    const impact = expected.get('project_slip_impact') as { affected: { rows: { project: string; dora: unknown }[] } };
    expect(impact.affected.rows.map((r) => r.project)).toContain('PAY');
    expect(impact.affected.rows.find((r) => r.project === 'PAY')?.dora).not.toBeNull();
    const reviewers = expected.get('reviewers_for_pr') as { candidates: { rows: { developer: string; reasons: string[] }[] } };
    // The author is never their own reviewer; whoever is proposed says why.
    expect(reviewers.candidates.rows.map((r) => r.developer)).not.toContain('github:codertocat');
    for (const row of reviewers.candidates.rows) expect(row.reasons.length, row.developer).toBeGreaterThan(0);
    expect((expected.get('similar_developers') as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
  });

  it('serves every question over stateless Streamable HTTP with a bearer token, answering as in process', async () => {
    await expectAnswersAsInProcess('mcp-http-test', new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token.token}` } } }));
  }, 120_000);

  it('refuses MCP over HTTP without a valid token', async () => {
    const client = new Client({ name: 'mcp-http-test', version: '0' });
    const refused = await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${digestOf('wrong')}` } } })).then(() => 'connected', (error: unknown) => String(error));
    expect(refused).toMatch(/401/);
  });

  it('serves every question over stdio (switchyard serve --stdio), answering as in process', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['cli/switchyard.ts', 'serve', '--stdio'],
      cwd: ROOT,
      env: { ...getDefaultEnvironment(), ...(process.env as Record<string, string>), ...corner.env, SWITCHYARD_ACCESS_ROW_CAP: String(LIMITS.rowCap), SWITCHYARD_ACCESS_MAX_TOPK: String(LIMITS.maxTopK), SWITCHYARD_ACCESS_TIMEOUT_MS: String(LIMITS.timeoutMs), LOG_LEVEL: 'warn', NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning' },
      stderr: 'pipe',
    });
    await expectAnswersAsInProcess('mcp-stdio-test', transport);
  }, 120_000);
});
