import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../topology/sources.ts';

const normalize = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['cli/switchyard.ts', 'normalize', ...args], { encoding: 'utf8', ...(input === undefined ? {} : { input }) });

describe('switchyard normalize', () => {
  it('prints the normalized events of a payload as JSON lines, exit 0', () => {
    const result = normalize(['--source', 'github', '--event', 'pull_request', 'topology/github/fixtures/pull_request/opened.payload.json']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; eventId: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'pull_request.opened', eventId: 'github.pull_request.opened:279147437' });
  });

  it('says why a payload is skipped, exit 0', () => {
    const result = normalize(['--source', 'github', '--event', 'ping', 'topology/github/fixtures/ping/payload.json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ skipped: true, reason: 'GitHub event "ping" is not used' });
  });

  it('says where a payload is malformed and that it would be dead-lettered, exit 2', () => {
    const result = normalize(['--source', 'github', '--event', 'pull_request', '-'], '{"action":"opened","pull_request":{}}');
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ deadLetter: true, path: expect.stringMatching(/^\$\./) });
  });

  it('refuses an unknown source, naming the known ones', () => {
    const result = normalize(['--source', 'gitlab', '--event', 'push', '-'], '{}');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('unknown source; one of github, jira, notion, prometheus');
  });
});

describe('switchyard normalize PATH… (a sweep)', () => {
  /** Each source's fixtures/ folder, found from its first fixture. */
  const folders = SOURCES.map(({ fixtures }) => fixtures()[0]!.file.replace(/\/fixtures\/.*$/, '/fixtures'));
  const fixtureCount = SOURCES.reduce((n, s) => n + s.fixtures().length, 0);
  const totalsOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;

  it('reads every fixture of every source: nothing dead-lettered, every skip beside its event with why, exit 0', () => {
    const result = normalize(folders);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const totals = totalsOf(result.stdout);
    expect(totals).toMatchObject({ webhooks: fixtureCount, deadLetters: 0, unreadable: 0 });
    expect(totals.normalized! + totals.skipped!).toBe(fixtureCount);
    const skips = result.stdout.split('Skipped, and why:\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(skips.length).toBeGreaterThan(0);
    for (const line of skips) expect(line).toMatch(/^ {2}(github|jira|notion|prometheus|alertmanager) \S+( \(×\d+\))?: \S.+$/);
    expect(result.stdout).toMatch(/^github +pull_request +\d+ +\d+ +\d+ +0 +.*pull_request\.opened/m);
  });

  it('--json: one line per webhook with its outcome, kinds and reason', () => {
    const result = normalize(['--json', 'topology/github/fixtures/ping', 'topology/github/fixtures/pull_request/opened.payload.json']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ source: 'github', eventName: 'ping', outcome: 'skipped', reason: 'GitHub event "ping" is not used' });
    expect(lines[1]).toMatchObject({ source: 'github', eventName: 'pull_request', outcome: 'normalized', kinds: ['pull_request.opened'] });
    expect(lines[2]).toMatchObject({ webhooks: 2, normalized: 1, skipped: 1, deadLetters: 0 });
  });

  it('names each webhook that would be dead-lettered and each file it cannot read, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sweep-'));
    try {
      // GitHub names its event in a header: a bare body is told by its place, github/<event>/.
      mkdirSync(path.join(dir, 'github', 'pull_request'), { recursive: true });
      writeFileSync(path.join(dir, 'github', 'pull_request', 'broken.payload.json'), '{"action":"opened","pull_request":{}}');
      writeFileSync(path.join(dir, 'truncated.json'), '{"action":');
      const result = normalize([dir]);
      expect(result.status).toBe(2);
      expect(totalsOf(result.stdout)).toMatchObject({ webhooks: 1, deadLetters: 1, unreadable: 1 });
      expect(result.stdout).toMatch(new RegExp(`dead letter +${dir}/github/pull_request/broken\\.payload\\.json \\(github pull_request\\) at \\$\\.`));
      expect(result.stdout).toMatch(new RegExp(`not read +${dir}/truncated\\.json: not JSON`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --source without --event, and stdin without both', () => {
    expect(normalize(['--source', 'github', 'x.json']).stderr).toContain('--source and --event go together');
    expect(normalize(['-'], '{}').stderr).toContain('stdin (-) needs --source and --event');
  });
});
