import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

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
