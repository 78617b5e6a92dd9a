/**
 * `switchyard replay` as a user runs it, in a pipe (not a TTY, as in CI): plain progress lines
 * and a summary on stderr, the bad file named with its path, the records on the topics.
 * Runs `replayCommand()` directly (the same command `switchyard replay` mounts), under a topic prefix of its own.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { registerSchemas } from '../../avro/registration.ts';
import { endOffsets, freshTopic, readAll } from '../support/kafka.ts';
import { uniqueName } from '../support/names.ts';
import { schemaRegistry } from '../support/registry.ts';

const ENTRY = "import { replayCommand } from './cli/commands/replay.ts'; await replayCommand().parseAsync(process.argv.slice(1), { from: 'user' }).catch((e) => { console.error(`switchyard: ${e.message}`); process.exitCode = 1; });";

/** Runs the command; a topic prefix of its own keeps a mistaken run off the stack's real raw topics. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, SWITCHYARD_TOPIC_PREFIX: `${uniqueName('replay-cli')}.` };
    const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', '--input-type=module', '-e', ENTRY, '--', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('switchyard replay', () => {
  it('replays a directory to the raw topics, printing progress lines and a summary that names the bad file', { timeout: 90_000 }, async () => {
    await registerSchemas(schemaRegistry());
    const github = await freshTopic(1, 'github-events');
    const jira = await freshTopic(1, 'jira-events');
    const dir = mkdtempSync(path.join(tmpdir(), 'replay-cli-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(path.join(dir, 'github', 'push'), { recursive: true });
    cpSync('topology/github/fixtures/pull_request/opened.payload.json', path.join(dir, 'github', 'pull_request.opened.json'));
    cpSync('topology/jira/fixtures/jira-issue_updated.status.json', path.join(dir, 'blocked.json'));
    writeFileSync(path.join(dir, 'github', 'push', 'broken.json'), '{"ref": ');

    const result = await cli([dir, '--topic', `github-events=${github}`, '--topic', `jira-events=${jira}`]);
    expect(result.stderr).toMatch(/^replay: \d+ sent, \d+ skipped, [\d,]+\/s \(.*\)$/m);
    expect(result.stderr).toMatch(/^replay: done in [\d.]+ s: 2 sent \([\d,]+\/s\), 1 skipped$/m);
    expect(result.stderr).toContain(`  sent ${github}: 1\n`);
    expect(result.stderr).toContain(`  sent ${jira}: 1\n`);
    expect(result.stderr).toMatch(new RegExp(`^  skipped ${path.join(dir, 'github', 'push', 'broken.json').replaceAll('.', '\\.')}: not JSON: `, 'm'));
    expect(result.stderr).not.toMatch(/\x1b\[/);
    expect(result.status).toBe(0);
    const [pr] = await readAll(github, 1);
    expect(pr!.key!.toString()).toBe('Codertocat/Hello-World');
    const [issue] = await readAll(jira, 1);
    expect(issue!.key!.toString()).toBe('PROJ');
  });

  it('replays N synthetic webhooks with a known total', { timeout: 90_000 }, async () => {
    await registerSchemas(schemaRegistry());
    const topics = await Promise.all(['github-events', 'jira-events', 'notion-events', 'prometheus-metrics'].map(async (t) => [t, await freshTopic(1, t)] as const));
    const result = await cli(['--synthetic', '120', '--seed', '5', '--batch-size', '50', ...topics.flatMap(([raw, topic]) => ['--topic', `${raw}=${topic}`])]);
    expect(result.stderr).toMatch(/^replay: 50\/120 sent, 0 skipped/m);
    expect(result.stderr).toMatch(/^replay: done in [\d.]+ s: 120 sent .*, 0 skipped$/m);
    expect(result.status).toBe(0);
    const counts = await Promise.all(topics.map(async ([, topic]) => Number((await endOffsets(topic)).get(0))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(120);
  });

  it('prints the webhooks as JSON lines with --dry-run, which replay reads back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'replay-cli-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const first = await cli(['--samples', '--dry-run']);
    expect(first.status).toBe(0);
    writeFileSync(path.join(dir, 'samples.jsonl'), first.stdout);
    const again = await cli([path.join(dir, 'samples.jsonl'), '--dry-run']);
    expect(again.stdout).toBe(first.stdout);
    expect(first.stdout.trim().split('\n').length).toBeGreaterThan(10);
  });

  it('refuses no input, two inputs and a bad option, saying which', async () => {
    expect((await cli([])).stderr).toMatch(/give exactly one of PATH, --synthetic N or --samples/);
    expect((await cli(['x', '--samples'])).stderr).toMatch(/give exactly one of PATH/);
    const bad = await cli(['--synthetic', '10', '--topic', 'gitlab-events=x']);
    expect(bad.stderr).toMatch(/--topic must be RAW=TOPIC with RAW one of github-events/);
    expect(bad.status).not.toBe(0);
  });
});
