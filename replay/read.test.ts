import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { RawWebhook } from '../avro/generated/types.ts';
import { MAX_JSON_DEPTH } from '../topology/jsonDepth.ts';
import { linesOf, readWebhooks } from './read.ts';
import { isUnreadable, type ReplayInput, type Unreadable } from './webhook.ts';

const NOW = Date.parse('2026-02-01T00:00:00Z');

async function all(target: string): Promise<{ webhooks: RawWebhook[]; unreadable: Unreadable[] }> {
  const inputs: ReplayInput[] = [];
  for await (const input of readWebhooks(target, { now: NOW })) inputs.push(input);
  return { webhooks: inputs.filter((i): i is RawWebhook => !isUnreadable(i)), unreadable: inputs.filter(isUnreadable) };
}

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'replay-read-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('reading webhooks from a PATH', () => {
  it('tells every fixture of the four sources by its folder or its content', async () => {
    const { webhooks, unreadable } = await all('topology');
    const named = new Map(webhooks.map((w) => [w.deliveryId.replace('file:topology/', ''), `${w.source}/${w.eventName}`]));
    expect(named.get('github/fixtures/push/payload.json')).toBe('github/push');
    expect(named.get('github/fixtures/pull_request/closed.payload.json')).toBe('github/pull_request');
    expect(named.get('jira/fixtures/jira-issue_updated.status.json')).toBe('jira/jira:issue_updated');
    expect(named.get('jira/fixtures/sprint_closed.json')).toBe('jira/sprint_closed');
    expect(named.get('notion/fixtures/page.content_updated.json')).toBe('notion/page.content_updated');
    expect(named.get('prometheus/fixtures/alertmanager.firing.json')).toBe('alertmanager/alerts');
    expect(named.get('prometheus/fixtures/query_result.vector.json')).toBe('prometheus/query_result');
    // Every fixture, and nothing else: the code and READMEs are reported once as ignored.
    const fixtures = readdirSync('topology', { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('fixtures') && f.endsWith('.json'));
    expect(fixtures.length).toBeGreaterThan(30);
    expect(webhooks.length).toBe(fixtures.length);
    expect(unreadable).toEqual([{ origin: 'topology', reason: expect.stringMatching(/^ignored \d+ file\(s\) that are not \.json, \.jsonl or \.ndjson: /), ignored: true }]);
    const push = webhooks.find((w) => w.eventName === 'push')!;
    expect(push).toMatchObject({ receivedAt: NOW, headers: { 'x-github-event': 'push', 'x-github-delivery': 'file:topology/github/fixtures/push/payload.json' } });
  });

  it('reads JSON lines in the on-disk form and reports each bad line with its file and line', async () => {
    const dir = scratch();
    const file = path.join(dir, 'hooks.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ source: 'jira', eventName: 'sprint_closed', deliveryId: 'd-1', receivedAt: '2026-01-01T00:00:00Z', body: { webhookEvent: 'sprint_closed' } }),
        '',
        '{"source": "github", oops',
        JSON.stringify({ source: 'github', body: {} }),
        JSON.stringify({ source: 'notion', eventName: 'page.created', body: '{"type":"page.created"}', headers: { 'x-custom': '1' } }),
        JSON.stringify({ source: 'github', eventName: 'push', receivedAt: 'yesterday', body: {} }),
      ].join('\n'),
    );
    const { webhooks, unreadable } = await all(file);
    expect(webhooks).toEqual([
      { source: 'jira', eventName: 'sprint_closed', deliveryId: 'd-1', receivedAt: Date.parse('2026-01-01T00:00:00Z'), headers: { 'x-atlassian-webhook-identifier': 'd-1' }, body: '{"webhookEvent":"sprint_closed"}' },
      { source: 'notion', eventName: 'page.created', deliveryId: `file:${file}:5`, receivedAt: NOW, headers: { 'x-custom': '1' }, body: '{"type":"page.created"}' },
    ]);
    expect(unreadable).toEqual([
      { origin: `${file}:3`, reason: expect.stringMatching(/^not JSON: /) },
      { origin: `${file}:4`, reason: 'a JSON-lines webhook needs "source", "eventName" and "body"' },
      { origin: `${file}:6`, reason: 'receivedAt "yesterday" is not a time' },
    ]);
  });

  it('reads a JSON array of webhooks, and reports a bad file and a body of unknown source by path', async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, 'github', 'deployment'), { recursive: true });
    cpSync('topology/github/fixtures/deployment/payload.json', path.join(dir, 'github', 'deployment', 'created.json'));
    writeFileSync(path.join(dir, 'many.json'), JSON.stringify([{ source: 'prometheus', eventName: 'query_result', body: { status: 'success' } }, { source: 'jira', eventName: 'comment_created', body: {} }]));
    writeFileSync(path.join(dir, 'broken.json'), '{ "half": ');
    writeFileSync(path.join(dir, 'mystery.json'), JSON.stringify({ hello: 'world' }));
    const { webhooks, unreadable } = await all(dir);
    expect(webhooks.map((w) => [w.source, w.eventName, w.deliveryId])).toEqual([
      ['github', 'deployment', `file:${path.join(dir, 'github', 'deployment', 'created.json')}`],
      ['prometheus', 'query_result', `file:${path.join(dir, 'many.json')}[0]`],
      ['jira', 'comment_created', `file:${path.join(dir, 'many.json')}[1]`],
    ]);
    expect(unreadable).toEqual([
      { origin: path.join(dir, 'broken.json'), reason: expect.stringMatching(/^not JSON: /) },
      { origin: path.join(dir, 'mystery.json'), reason: expect.stringMatching(/^cannot tell the source/) },
    ]);
  });

  it('reports a GitHub body whose event cannot be told, and a PATH that does not exist', async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, 'github'));
    writeFileSync(path.join(dir, 'github', 'payload.json'), JSON.stringify({ repository: { full_name: 'a/b' } }));
    expect((await all(dir)).unreadable).toEqual([{ origin: path.join(dir, 'github', 'payload.json'), reason: expect.stringMatching(/^a GitHub body, but no event name/) }]);
    await expect(all(path.join(dir, 'nope'))).rejects.toThrow(/^replay: cannot read .*nope: /);
  });
});

describe('JSON lines and hostile text', () => {
  it('ends lines at LF and CRLF only: U+2028 and U+2029 inside a line are kept', async () => {
    const file = path.join(scratch(), 'separators.jsonl');
    const line = (n: number, text: string) => JSON.stringify({ source: 'jira', eventName: 'sprint_closed', deliveryId: `d-${n}`, body: { webhookEvent: 'sprint_closed', note: text } });
    // JSON.stringify leaves U+2028/U+2029 unescaped, as any JSON writer may.
    writeFileSync(file, `${line(1, 'a\u2028b')}\r\n${line(2, 'c\u2029d')}\n${line(3, 'e\rf')}`);
    const { webhooks, unreadable } = await all(file);
    expect(unreadable).toEqual([]);
    expect(webhooks.map((w) => [w.deliveryId, (JSON.parse(w.body) as { note: string }).note])).toEqual([
      ['d-1', 'a\u2028b'],
      ['d-2', 'c\u2029d'],
      ['d-3', 'e\rf'],
    ]);
  });

  it('keeps a multi-byte character cut between two chunks of the stream whole', async () => {
    const chunks = async function* () {
      yield* ['{"a":"é', '"}\n', 'x\r', '\ny'];
    };
    const lines: string[] = [];
    for await (const line of linesOf(chunks())) lines.push(line);
    expect(lines).toEqual(['{"a":"é"}', 'x', 'y']);
  });

  it(`reports a webhook nested deeper than ${MAX_JSON_DEPTH} levels by its line, with the limit, and reads the next`, async () => {
    const file = path.join(scratch(), 'deep.jsonl');
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    writeFileSync(file, [`{"source":"jira","eventName":"sprint_closed","body":{"x":${deep}}}`, JSON.stringify({ source: 'jira', eventName: 'sprint_closed', deliveryId: 'ok', body: {} })].join('\n'));
    const { webhooks, unreadable } = await all(file);
    expect(unreadable).toEqual([{ origin: `${file}:1`, reason: expect.stringMatching(new RegExp(`^the JSON nests deeper than ${MAX_JSON_DEPTH} levels`)) }]);
    expect(webhooks.map((w) => w.deliveryId)).toEqual(['ok']);
  });
});
