/**
 * project_slip_impact's merging, on canned answers of its parts (a fake `ask`: the parts
 * themselves are tested against the stores in their own stack tests).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../operators/errors.ts';
import { parseOrganizationFile, type OrganizationFile } from '../../sinks/organization.ts';
import { AccessError } from '../errors.ts';
import { projectSlipImpact } from './projectSlipImpact.ts';
import { cannedContext, type Canned } from './testing/cannedContext.ts';

/** A project's figures, told apart by its deployments. */
const dora = (deployments: number) => ({
  deploymentFrequency: { deployments, deploymentDays: deployments, byDay: [], medianDaysPerWeek: 1, medianDaysPerMonth: 4, band: 'high' as const, bySource: { githubDeployments: deployments, ci: 0 } },
  leadTimeForChanges: { count: 3, medianMs: 3_600_000, meanMs: 4_000_000, band: 'elite' as const },
  changeFailureRate: { deployments, failedDeployments: 0, rate: 0, band: 'elite' as const },
  timeToRestore: { count: 0, medianMs: null, meanMs: null, unresolved: 0 },
  failedDeploymentRecoveryTime: { count: 0, medianMs: null, meanMs: null, band: null },
  coverage: { pullRequestsWithUnknownFirstCommit: 0, deploymentsWithUnknownChangeSet: 0, deploymentsWithPartialChangeSet: 0, firstDeployments: 0 },
});
const DEPLOYMENTS: Record<string, number> = { DATA: 3, WEB: 7 };
const unknown = (project: string) => new AccessError(`no project "${project}" in SWITCHYARD_TEAMS_FILE; its projects: PLAT, WEB, DATA`, ErrorCodes.unknownProject);

/** PLAT ← WEB, DATA (direct) ← MOBILE (through WEB); MOBILE is known only from Jira. */
function parts(overrides: Canned = {}): Canned {
  return {
    projects_affected_by_delay: ({ project }) => ({ rows: project === 'PLAT' ? [{ project: 'DATA', distance: 1 }, { project: 'WEB', distance: 1 }, { project: 'MOBILE', distance: 2 }] : [], truncated: false, limit: 100 }),
    project_owners: ({ project }) => ({ rows: project === 'WEB' ? [{ team: 'Web', members: [] }, { team: 'Design', members: [] }] : project === 'DATA' ? [{ team: 'Data', members: [] }] : [], truncated: false, limit: 100 }),
    dora_metrics: ({ project }) => {
      if (project === 'MOBILE') throw unknown('MOBILE');
      return { project, scope: { repositories: [`acme/${String(project).toLowerCase()}`], jiraKeys: [project] }, period: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' }, soFar: true, metrics: dora(DEPLOYMENTS[project as string]!) };
    },
    ...overrides,
  };
}

async function ask(input: Record<string, unknown>, canned: Canned = parts(), limits = {}, organization?: OrganizationFile) {
  const context = cannedContext(canned, limits, organization);
  return projectSlipImpact.output.parse(await projectSlipImpact.run(undefined, projectSlipImpact.input.parse(input), context));
}

describe('project_slip_impact', () => {
  it('gives each dependent its owners and DORA figures, and a reason where the organization file has none', async () => {
    const answer = await ask({ project: 'PLAT' });
    expect(answer).toEqual({
      project: 'PLAT',
      affected: {
        rows: [
          { project: 'DATA', distance: 1, owners: ['Data'], dora: dora(3) },
          { project: 'WEB', distance: 1, owners: ['Web', 'Design'], dora: dora(7) },
          { project: 'MOBILE', distance: 2, owners: [], dora: null, doraUnavailable: 'no DORA figures: no project "MOBILE" in SWITCHYARD_TEAMS_FILE; its projects: PLAT, WEB, DATA' },
        ],
        truncated: false,
        limit: 100,
      },
    });
  });

  it('answers an empty list for a project nothing depends on', async () => {
    expect((await ask({ project: 'MOBILE' })).affected).toEqual({ rows: [], truncated: false, limit: 100 });
  });

  it('keeps the graph question’s truncation', async () => {
    const canned = parts({ projects_affected_by_delay: () => ({ rows: [{ project: 'DATA', distance: 1 }], truncated: true, limit: 1 }) });
    const answer = await ask({ project: 'PLAT' }, canned, { rowCap: 1 });
    expect(answer.affected).toMatchObject({ truncated: true, limit: 1 });
    expect(answer.affected.rows.map((r) => r.project)).toEqual(['DATA']);
  });

  it('on a server without the organization file, every dependent has dora null with dora_metrics’ reason', async () => {
    const refused = new AccessError("project questions need the organization file, which names each project's repositories and Jira keys: this server has no SWITCHYARD_TEAMS_FILE", ErrorCodes.accessRefused);
    const answer = await ask({ project: 'PLAT' }, parts({ dora_metrics: () => { throw refused; } }));
    expect(answer.affected.rows.map((r) => [r.project, r.dora, r.doraUnavailable])).toEqual([
      ['DATA', null, `no DORA figures: ${refused.message}`],
      ['WEB', null, `no DORA figures: ${refused.message}`],
      ['MOBILE', null, `no DORA figures: ${refused.message}`],
    ]);
    // With the file, a refusal is no "no figures": it fails the question.
    await expect(ask({ project: 'PLAT' }, parts({ dora_metrics: () => { throw refused; } }), {}, parseOrganizationFile('{"projects":[{"key":"PLAT"}]}'))).rejects.toBe(refused);
  });

  it('fails, naming the store, when a part’s store is down: a missing figure is not "unknown project"', async () => {
    const down = new AccessError('ClickHouse is unavailable (connect ECONNREFUSED); questions of the other stores still answer', ErrorCodes.accessStoreUnavailable, { store: 'clickhouse' });
    await expect(ask({ project: 'PLAT' }, parts({ dora_metrics: () => { throw down; } }))).rejects.toBe(down);
  });
});
