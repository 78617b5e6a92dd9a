/**
 * A source's fixtures: every `.json` file under its `fixtures/` folder, told by the source's own
 * `recognize` (so a fixture added to the folder is listed, and one the source cannot tell is an
 * error, not a silent gap in the contract test). Read once, when first asked: importing a
 * normalizer reads no files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixture, Normalizer } from './normalizer.ts';

export type JsonObject = { [key: string]: unknown };

/** A JSON file, parsed; a fresh copy each call, for callers to edit. */
export function readJson(file: string | URL): JsonObject {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => ({ entry, full: path.join(dir, entry.name) }))
    .sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0))
    .flatMap(({ entry, full }) => (entry.isDirectory() ? filesUnder(full) : full.endsWith('.json') ? [full] : []));
}

/**
 * The fixtures of the folder `dir` (e.g. `new URL('./fixtures/', import.meta.url)`), each told by
 * `recognize`; throws naming the file one cannot be told. Memoized.
 */
export function fixturesIn(dir: URL, recognize: Normalizer<string>['recognize']): () => readonly Fixture[] {
  let listed: readonly Fixture[] | undefined;
  return () => {
    listed ??= filesUnder(fileURLToPath(dir)).map((file) => {
      const told = recognize(file, readJson(file));
      if (told === undefined || 'reason' in told) throw new Error(`${file}: not a fixture its source can tell${told ? `: ${told.reason}` : ''}`);
      return { name: path.relative(fileURLToPath(dir), file).split(path.sep).join('/'), file, source: told.source, eventName: told.eventName };
    });
    return listed;
  };
}

/** A source's fixture by name (`push/payload.json`); throws when it has none of that name. */
export function fixtureNamed(normalizer: Pick<Normalizer<string>, 'source' | 'fixtures'>, name: string): Fixture {
  const found = normalizer.fixtures().find((fixture) => fixture.name === name);
  if (found === undefined) throw new Error(`${normalizer.source} has no fixture ${name}`);
  return found;
}
