/**
 * `switchyard dora` on the real ClickHouse: the "Shop" history written to a throwaway database,
 * the organization file naming Shop's two repositories and two Jira keys, and the guide's
 * question asked on the command line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doraMetrics } from '../../sinks/clickhouse/dora/metrics.ts';
import { doraRules } from '../../sinks/clickhouse/dora/rules.ts';
import { shopEvents } from '../../sinks/clickhouse/dora/testing/shopEvents.ts';
import { API, at, SHOP_SCOPE, shopFacts, WEB } from '../../sinks/clickhouse/dora/testing/shopHistory.ts';
import { useTestDatabase } from '../../sinks/clickhouse/testing/testDatabase.ts';

const db = useTestDatabase();
const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-dora-'));
const teamsFile = path.join(dir, 'organization.json');

beforeAll(async () => {
  writeFileSync(teamsFile, JSON.stringify({ projects: [{ key: 'SHOP', name: 'Shop', repositories: [API, WEB], jiraKeys: ['SHOP', 'OPS'] }] }));
  await db.sink.write(shopEvents());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dora = (args: string[]) =>
  spawnSync(process.execPath, ['cli/switchyard.ts', 'dora', ...args], { encoding: 'utf8', env: { ...process.env, CLICKHOUSE_DATABASE: db.sink.database, SWITCHYARD_TEAMS_FILE: teamsFile } });

describe('switchyard dora', () => {
  it('answers "What\'s the deployment frequency for Project X this month?" for a project of two repositories and two Jira keys', () => {
    const result = dora(['--project', 'Shop', '--month', '2025-03', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.stdout) as { deploymentFrequency: unknown; scope: unknown };
    expect(answer.scope).toEqual(SHOP_SCOPE);
    expect(answer.deploymentFrequency).toEqual(doraMetrics(shopFacts, SHOP_SCOPE, { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') }, doraRules()).deploymentFrequency);
  });

  it('prints a table a person reads, with the bands and what the figures rest on', () => {
    const result = dora(['--project', 'shop', '--month', '2025-03']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Shop: DORA from 2025-03-01 to 2025-03-31 (UTC), Apache DevLake's definitions");
    expect(result.stdout).toMatch(/deployment frequency\s+8 deployment days; median 1 a week\s+high\s+10 deployments \(8 GitHub Deployments, 2 CI runs\)/);
    expect(result.stdout).toMatch(/change failure rate\s+30\.0 %\s+low/);
    expect(result.stdout).toContain('1 deployment with an unknown change set');
  });

  it('names what is missing: an unknown project lists the known ones', () => {
    const result = dora(['--project', 'Payments']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no project "Payments" in SWITCHYARD_TEAMS_FILE; its projects: SHOP (Shop)');
  });
});
