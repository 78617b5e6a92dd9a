/**
 * Every fixture of every source, normalized: the events integration tests populate the stores
 * with. A fixture that normalizes to nothing (skipped, invalid) contributes nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EngEvent } from '../../avro/generated/types.ts';
import { normalizerFor } from '../../topology/sources.ts';

interface FixtureWebhook {
  readonly source: string;
  readonly eventName: string;
  readonly file: string;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.json') ? [full] : [];
  });
}

/** GitHub fixtures are filed by X-GitHub-Event; the others carry their event name in the body. */
function fixtureWebhooks(): FixtureWebhook[] {
  const github = files('topology/github/fixtures').map((file) => ({ source: 'github', eventName: path.basename(path.dirname(file)), file }));
  const named = (source: string, dir: string, eventName: (body: Record<string, unknown>, file: string) => string) =>
    files(dir).map((file) => ({ source, eventName: eventName(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, file), file }));
  return [
    ...github,
    ...named('jira', 'topology/jira/fixtures', (body) => String(body.webhookEvent)),
    ...named('notion', 'topology/notion/fixtures', (body) => String(body.type)),
    ...named('prometheus', 'topology/prometheus/fixtures', (_body, file) => (path.basename(file).startsWith('alertmanager') ? 'alerts' : 'query_result')),
  ];
}

export function fixtureEvents(): EngEvent[] {
  return fixtureWebhooks().flatMap(({ source, eventName, file }) => {
    const outcome = normalizerFor(source)!.normalize({ source, eventName, deliveryId: `fixture:${file}`, receivedAt: 0, headers: {}, body: readFileSync(file, 'utf8') });
    return outcome.kind === 'normalized' ? outcome.events : [];
  });
}
