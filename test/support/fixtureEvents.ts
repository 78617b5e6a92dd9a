/**
 * Every fixture of every source, normalized: the events integration tests populate the stores
 * with. Each source lists its own fixtures (`Normalizer.fixtures`); a fixture that normalizes to
 * nothing (skipped, invalid) contributes nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EngEvent } from '../../avro/generated/types.ts';
import { SOURCES } from '../../topology/sources.ts';

export function fixtureEvents(): EngEvent[] {
  return SOURCES.flatMap((normalizer) =>
    normalizer.fixtures().flatMap(({ source, eventName, file }) => {
      const outcome = normalizer.normalize({ source, eventName, deliveryId: `fixture:${path.relative(process.cwd(), file)}`, receivedAt: 0, headers: {}, body: readFileSync(file, 'utf8') });
      return outcome.kind === 'normalized' ? outcome.events : [];
    }),
  );
}
