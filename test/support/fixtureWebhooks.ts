/**
 * Every fixture of every source as the gateway delivers it, read as `replay` reads a folder: the
 * widest set of real payloads the tests can put through the pipeline.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { isUnreadable, readWebhooks } from '../../replay/index.ts';
import { SOURCES } from '../../topology/sources.ts';

export async function fixtureWebhooks(): Promise<RawWebhook[]> {
  const webhooks: RawWebhook[] = [];
  for (const { fixtures } of SOURCES) {
    const folder = fixtures()[0]!.file.replace(/\/fixtures\/.*$/, '/fixtures');
    for await (const input of readWebhooks(folder, { now: Date.UTC(2026, 0, 1) })) if (!isUnreadable(input)) webhooks.push(input);
  }
  const expected = SOURCES.reduce((n, s) => n + s.fixtures().length, 0);
  if (webhooks.length !== expected) throw new Error(`read ${webhooks.length} fixture webhooks, expected ${expected}`);
  return webhooks;
}
