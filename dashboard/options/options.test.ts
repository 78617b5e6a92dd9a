/** The charts' data from the catalogue's answers: units converted, nothing dropped, edges where the graph says. */
import { describe, expect, it } from 'vitest';
import { dependencyGraph } from './dependencies.ts';
import { ratesBetween } from './pipeline.ts';
import { described } from './theme.ts';
import { timelineOption } from './timeline.ts';
import { velocityUnit } from './velocity.ts';
import type { PipelineSnapshot } from '../../observability/pipelineSnapshot.ts';

describe('the dependency graph', () => {
  it('draws each chain edge once, direct dependents solid and farther ones dashed with their distance', () => {
    const graph = dependencyGraph('WEB', [{ chain: ['WEB', 'API', 'DB'] }, { chain: ['WEB', 'API', 'AUTH'] }], [{ project: 'APP', distance: 1 }, { project: 'MOBILE', distance: 2 }]);
    expect(graph.nodes.map((n) => `${n.key}:${n.role}`)).toEqual(['WEB:project', 'API:dependency', 'DB:dependency', 'AUTH:dependency', 'APP:affected', 'MOBILE:affected']);
    expect(graph.edges).toEqual([
      { from: 'WEB', to: 'API', distance: 1 },
      { from: 'API', to: 'DB', distance: 1 },
      { from: 'API', to: 'AUTH', distance: 1 },
      { from: 'APP', to: 'WEB', distance: 1 },
      { from: 'MOBILE', to: 'WEB', distance: 2 },
    ]);
  });

  it('is the project alone when it depends on nothing and nothing on it', () => {
    expect(dependencyGraph('SOLO', [{ chain: ['SOLO'] }], []).nodes).toHaveLength(1);
  });
});

describe('the timeline', () => {
  it('puts failed deployments in their own series and ends an unresolved incident at the period end', () => {
    const option = timelineOption({
      project: 'SHOP',
      period: { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
      deployments: [
        { key: 'd1', repository: 'acme/api', name: 'production', source: 'github_deployment', finishedAt: '2025-03-02T10:00:00.000Z', failed: false },
        { key: 'd2', repository: 'acme/api', name: 'deploy', source: 'ci', finishedAt: '2025-03-03T10:00:00.000Z', failed: true },
      ],
      incidents: [{ key: 'OPS-1', source: 'jira', repository: null, startedAt: '2025-03-20T00:00:00.000Z', resolvedAt: null }],
      truncated: false,
    });
    const series = option.series as { name: string; data: { value?: [number, string]; coords?: [number, number][] }[] }[];
    expect(series.find((s) => s.name === 'Deployment')!.data.map((d) => d.value![0])).toEqual([Date.parse('2025-03-02T10:00:00Z')]);
    expect(series.find((s) => s.name === 'Failed deployment')!.data.map((d) => d.value![0])).toEqual([Date.parse('2025-03-03T10:00:00Z')]);
    expect(series.find((s) => s.name === 'Incident open')!.data[0]!.coords!.map(([x]) => x)).toEqual([Date.parse('2025-03-20T00:00:00Z'), Date.parse('2025-04-01T00:00:00Z')]);
  });
});

describe('pipeline rates', () => {
  const snapshot = (at: string, recordsIn: number, recordsOut: number): PipelineSnapshot => ({
    at,
    topology: { mermaid: '' },
    deadLettered: [],
    subTopologies: [{ name: 'normalize', state: 'running', lastError: null, restarts: 0, group: 'g', lag: 0, recordsIn, recordsOut, breakers: [], deadLettered: 0 }],
  });

  it('divides what moved by the seconds between two snapshots', () => {
    const rates = ratesBetween(snapshot('2026-01-01T00:00:00Z', 100, 50), snapshot('2026-01-01T00:00:02Z', 300, 90));
    expect(rates.get('normalize')).toEqual({ inPerSecond: 100, outPerSecond: 20 });
  });

  it('counts from zero after a counter went back (a restarted process), and nothing for a first snapshot', () => {
    expect(ratesBetween(snapshot('2026-01-01T00:00:00Z', 500, 500), snapshot('2026-01-01T00:00:02Z', 40, 20)).get('normalize')).toEqual({ inPerSecond: 20, outPerSecond: 10 });
    expect(ratesBetween(undefined, snapshot('2026-01-01T00:00:02Z', 40, 20)).get('normalize')).toEqual({ inPerSecond: 0, outPerSecond: 0 });
  });
});

describe('a chart\'s text alternative', () => {
  it('says each value as a person would, none for a missing one, and how many it left out', () => {
    expect(described('Deployment days per week', [['week of 2025-03-03', '3 days'], ['week of 2025-03-10', null]])).toBe('Deployment days per week. week of 2025-03-03: 3 days; week of 2025-03-10: none.');
    expect(described('Nothing', [])).toBe('Nothing. Nothing to show.');
    const many = described('Many', Array.from({ length: 45 }, (_, i) => [`#${i}`, String(i)] as const));
    expect(many).toContain('#39: 39; and 5 more.');
    expect(many).not.toContain('#40');
  });
});

describe('sprint velocity', () => {
  const sprint = (committedPoints: number | null, completedPoints: number | null, committedIssues: number | null, completedIssues: number | null) => ({ sprintId: 1, name: 'S1', boardId: 1, startAt: null, endAt: null, completedAt: null, committedPoints, completedPoints, committedIssues, completedIssues });

  it('plots points when any sprint has them, and issues when none does', () => {
    expect(velocityUnit([sprint(8, 5, 4, 3), sprint(null, null, 2, 2)])).toEqual({ unit: 'points', committed: [8, null], completed: [5, null] });
    expect(velocityUnit([sprint(null, null, 4, 3), sprint(null, null, 2, 1)])).toEqual({ unit: 'issues', committed: [4, 2], completed: [3, 1] });
  });
});
