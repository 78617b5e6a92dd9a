/**
 * The graph's questions, asked through the access layer (openAccess: input and output schemas,
 * the read-only reader, the row cap) of testing/testScenario.ts's graph in the real Neo4j, in a
 * corner of its own (a label prefix). The answers are queries.stack.test.ts's, worked out there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { projectSlipImpact } from '../../access/compositions/projectSlipImpact.ts';
import { defineQuestion, listOf } from '../../access/question.ts';
import { openAccess, type Access } from '../../access/service.ts';
import { UnknownProjectError } from '../clickhouse/dora/projectScope.ts';
import { ErrorCodes } from '../../operators/errors.ts';
import { parseOrganizationFile } from '../organization.ts';
import { neo4jQuestions } from './questions.ts';
import { localConfig, useTestGraph } from './testing/testGraph.ts';
import { events, organization, T0 } from './testing/testScenario.ts';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
// The file the access layer reads names PLAT "Platform Core": a project may be asked for by name.
const organizationFile = parseOrganizationFile(JSON.stringify({ projects: [{ key: 'PLAT', name: 'Platform Core', repositories: ['acme/platform'] }, { key: 'MOBILE', name: 'Mobile App' }] }));

describe('Neo4j questions through the access layer', () => {
  const graph = useTestGraph();
  let access: Access;
  /** The same graph with a row cap of 1, to see answers cut. */
  let capped: Access;

  beforeAll(async () => {
    await graph.sink.init();
    await graph.sink.syncOrganization(organization);
    await graph.sink.write(events);
    const stores = { neo4j: { ...localConfig(), labelPrefix: graph.sink.labels.prefix } };
    access = openAccess({ stores, limits: { rowCap: 100, maxTopK: 50, timeoutMs: 10_000 }, organization: organizationFile, catalogue: neo4jQuestions });
    capped = openAccess({ stores, limits: { rowCap: 1, maxTopK: 50, timeoutMs: 10_000 }, organization: organizationFile, catalogue: neo4jQuestions });
  });
  afterAll(async () => {
    await access?.close();
    await capped?.close();
  });

  it('projects_affected_by_delay: the dependents, nearest first, by key or by the organization file’s name', async () => {
    const plat = { rows: [{ project: 'DATA', distance: 1 }, { project: 'WEB', distance: 1 }, { project: 'MOBILE', distance: 2 }], truncated: false, limit: 100 };
    expect(await access.ask('projects_affected_by_delay', { project: 'PLAT' })).toEqual(plat);
    expect(await access.ask('projects_affected_by_delay', { project: 'platform core' })).toEqual(plat);
    // WEB is only the graph's (the file the access layer reads does not list it): asked by key as given.
    expect(await access.ask('projects_affected_by_delay', { project: 'WEB' })).toEqual({ rows: [{ project: 'MOBILE', distance: 1 }], truncated: false, limit: 100 });
    expect(await access.ask('projects_affected_by_delay', { project: 'NOPE' })).toEqual({ rows: [], truncated: false, limit: 100 });
    expect(await capped.ask('projects_affected_by_delay', { project: 'PLAT' })).toEqual({ rows: [{ project: 'DATA', distance: 1 }], truncated: true, limit: 1 });
  });

  it('developers_near_team: members, then who reviewed or was reviewed by them; hops 1–4, 2 by default', async () => {
    expect(await access.ask('developers_near_team', { team: 'Platform' })).toEqual({
      rows: [
        { key: 'github:alice', login: 'alice', displayName: 'Alice', hops: 1 },
        { key: 'github:bob', login: 'bob', displayName: 'Bob', hops: 1 },
        { key: 'github:carol', login: 'carol', displayName: 'Carol', hops: 2 },
        { key: 'github:dave', login: 'dave', displayName: 'Dave', hops: 2 },
      ],
      truncated: false,
      limit: 100,
    });
    expect(((await access.ask('developers_near_team', { team: 'Platform', hops: 3 })).rows as { key: string }[]).map((d) => d.key)).toContain('github:frank');
    expect(await capped.ask('developers_near_team', { team: 'Platform', hops: 1 })).toEqual({ rows: [{ key: 'github:alice', login: 'alice', displayName: 'Alice', hops: 1 }], truncated: true, limit: 1 });
    // The bound goes into the query text: the schema refuses anything else before the query is built.
    for (const hops of [0, 5, 2.5]) {
      await expect(access.ask('developers_near_team', { team: 'Platform', hops })).rejects.toMatchObject({ code: ErrorCodes.accessBadInput, details: { problems: [{ path: 'input.hops' }] } });
    }
  });

  it('developers_near_team: exactly the row cap is not truncated (the database is asked for one more)', async () => {
    const four = openAccess({ stores: { neo4j: { ...localConfig(), labelPrefix: graph.sink.labels.prefix } }, limits: { rowCap: 4, maxTopK: 50, timeoutMs: 10_000 }, catalogue: neo4jQuestions });
    try {
      expect(await four.ask('developers_near_team', { team: 'Platform' })).toMatchObject({ truncated: false, limit: 4 });
      expect(await four.ask('developers_near_team', { team: 'Platform', hops: 3 })).toMatchObject({ truncated: true, limit: 4 });
    } finally {
      await four.close();
    }
  });

  it('dependency_chain: every path to a project that depends on nothing', async () => {
    expect(await access.ask('dependency_chain', { project: 'Mobile App' })).toEqual({ rows: [{ chain: ['MOBILE', 'AUTH'] }, { chain: ['MOBILE', 'WEB', 'PLAT'] }], truncated: false, limit: 100 });
    expect(await access.ask('dependency_chain', { project: 'PLAT' })).toEqual({ rows: [{ chain: ['PLAT'] }], truncated: false, limit: 100 });
    expect(await access.ask('dependency_chain', { project: 'NOPE' })).toEqual({ rows: [], truncated: false, limit: 100 });
    expect(await capped.ask('dependency_chain', { project: 'MOBILE' })).toEqual({ rows: [{ chain: ['MOBILE', 'AUTH'] }], truncated: true, limit: 1 });
  });

  it('repository_contributors: most distinct commits first, times as ISO instants', async () => {
    expect(await access.ask('repository_contributors', { repository: 'acme/web' })).toEqual({
      rows: [
        { key: 'github:carol', login: 'carol', displayName: 'Carol', commits: 2, firstAt: iso(T0 + 5 * HOUR), lastAt: iso(T0 + 6 * HOUR) },
        { key: 'email:gus@example.com', login: null, displayName: 'Gus', commits: 1, firstAt: iso(T0 + 8 * HOUR), lastAt: iso(T0 + 8 * HOUR) },
        { key: 'github:alice', login: 'alice', displayName: 'Alice', commits: 1, firstAt: iso(T0 + 7 * HOUR), lastAt: iso(T0 + 7 * HOUR) },
      ],
      truncated: false,
      limit: 100,
    });
    expect(await capped.ask('repository_contributors', { repository: 'acme/platform' })).toMatchObject({ rows: [{ key: 'github:alice', commits: 3 }], truncated: true, limit: 1 });
    expect(await access.ask('repository_contributors', { repository: 'acme/none' })).toEqual({ rows: [], truncated: false, limit: 100 });
    await expect(access.ask('repository_contributors', { repository: "acme/web' OR 1=1" })).rejects.toMatchObject({ code: ErrorCodes.accessBadInput });
  });

  it('project_slip_impact asks projects_affected_by_delay of this graph through the service (owners and DORA figures stand-ins here)', async () => {
    // PostgreSQL's and ClickHouse's parts as canned questions: this test is about the graph's part and the service's asking.
    const owners = defineQuestion({ name: 'project_owners', title: 'stand-in', description: 'stand-in', input: z.object({ project: z.string() }), output: listOf(z.object({ team: z.string() })), stores: ['postgres'], composed: true, run: async (_: undefined, { project }) => ({ rows: [{ team: `${project} team` }], truncated: false, limit: 100 }) });
    const dora = defineQuestion({
      name: 'dora_metrics', title: 'stand-in', description: 'stand-in', input: z.object({ project: z.string() }), output: z.object({ metrics: z.unknown() }), stores: ['clickhouse'], composed: true,
      run: async (): Promise<never> => { throw new UnknownProjectError('no project in SWITCHYARD_TEAMS_FILE'); },
    });
    const composed = openAccess({ stores: { neo4j: { ...localConfig(), labelPrefix: graph.sink.labels.prefix } }, limits: { rowCap: 2, maxTopK: 50, timeoutMs: 10_000 }, organization: organizationFile, catalogue: [...neo4jQuestions, owners, dora, projectSlipImpact] });
    try {
      expect(await composed.ask('project_slip_impact', { project: 'Platform Core' })).toEqual({
        project: 'Platform Core',
        affected: {
          rows: [
            { project: 'DATA', distance: 1, owners: ['DATA team'], dora: null, doraUnavailable: 'no DORA figures: no project in SWITCHYARD_TEAMS_FILE' },
            { project: 'WEB', distance: 1, owners: ['WEB team'], dora: null, doraUnavailable: 'no DORA figures: no project in SWITCHYARD_TEAMS_FILE' },
          ],
          truncated: true,
          limit: 2,
        },
      });
    } finally {
      await composed.close();
    }
  });
});
