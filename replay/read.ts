/**
 * Reads the webhooks under a PATH for `replay`, lazily, in a stable order (a directory's files
 * sorted by path), so replaying the same PATH twice produces the same records.
 *
 * What a PATH may be:
 * - a JSON-lines file (`.jsonl`, `.ndjson`): one webhook per line in the on-disk form
 *   (`webhook.ts`); blank lines are ignored. Lines end at \n or \r\n only, as JSON Lines says:
 *   U+2028 and U+2029 are legal unescaped inside JSON strings, and node:readline would split
 *   on them. Read as a stream: a file of a million lines never sits in memory.
 * - a JSON file (`.json`): a webhook in the on-disk form, an array of them, or a bare webhook
 *   body as the sources send it (the fixture layout; see `infer.ts` for how its source and event
 *   are told).
 * - a directory: every `.json`, `.jsonl` and `.ndjson` file in it and below, each read as above;
 *   other files (READMEs, code) are listed, once for the whole tree, as ignored.
 *
 * Nothing is dropped silently: a file or line that cannot be read, or whose source or event
 * cannot be told, is yielded as `Unreadable` with its path (and line) and the reason; `replay`
 * counts and reports it.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RawWebhook } from '../avro/generated/types.ts';
import { checkJsonDepth, JsonTooDeepError } from '../topology/jsonDepth.ts';
import { inferWebhook } from './infer.ts';
import { isWebhookOnDisk, toRawWebhook, type ReplayInput } from './webhook.ts';

export interface ReadOptions {
  /** The receivedAt of webhooks that do not say; default, when reading starts. */
  readonly now?: number;
}

const JSON_LINES = new Set(['.jsonl', '.ndjson']);

/** Every file under `dir`, sorted, so the order does not depend on the file system. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => ({ entry, full: path.join(dir, entry.name) }))
    .sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0))
    .flatMap(({ entry, full }) => (entry.isDirectory() ? filesUnder(full) : [full]));
}

const failure = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** One parsed JSON value of `origin` as webhooks: the on-disk form, or a bare body inferred from its path. */
function fromJson(value: unknown, origin: string, file: string, now: number): ReplayInput[] {
  if (Array.isArray(value) && value.length > 0 && value.every(isWebhookOnDisk)) {
    return value.flatMap((entry, index) => fromJson(entry, `${origin}[${index}]`, file, now));
  }
  if (isWebhookOnDisk(value)) {
    try {
      return [toRawWebhook(value, `file:${origin}`, now)];
    } catch (error) {
      return [{ origin, reason: failure(error) }];
    }
  }
  const inferred = inferWebhook(file, value);
  if ('reason' in inferred) return [{ origin, reason: inferred.reason }];
  const webhook: RawWebhook = toRawWebhook({ source: inferred.source, eventName: inferred.eventName, body: value }, `file:${origin}`, now);
  return [webhook];
}

/**
 * The lines of a text stream, split on \n with a \r before it dropped; nothing else ends a line.
 * The stream decodes UTF-8 itself, so a character cut between chunks is whole here.
 */
export async function* linesOf(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/** JSON.parse after the depth check: a value nested too deep would break what recurses into it later (JSON.stringify of its body). */
function parseJson(text: string): unknown {
  checkJsonDepth(text, 'the JSON');
  return JSON.parse(text) as unknown;
}

const unparsable = (error: unknown): string => (error instanceof JsonTooDeepError ? failure(error) : `not JSON: ${failure(error)}`);

async function* jsonLines(file: string, now: number): AsyncGenerator<ReplayInput> {
  const lines = linesOf(createReadStream(file, 'utf8') as AsyncIterable<string>);
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    const origin = `${file}:${number}`;
    let value: unknown;
    try {
      value = parseJson(line);
    } catch (error) {
      yield { origin, reason: unparsable(error) };
      continue;
    }
    if (!isWebhookOnDisk(value)) {
      yield { origin, reason: 'a JSON-lines webhook needs "source", "eventName" and "body"' };
      continue;
    }
    yield* fromJson(value, origin, file, now);
  }
}

function* jsonFile(file: string, now: number): Generator<ReplayInput> {
  let value: unknown;
  try {
    value = parseJson(readFileSync(file, 'utf8'));
  } catch (error) {
    yield { origin: file, reason: unparsable(error) };
    return;
  }
  yield* fromJson(value, file, file, now);
}

/** The webhooks of a file or directory tree, lazily; see the file's doc comment for the rules. */
export async function* readWebhooks(target: string, options: ReadOptions = {}): AsyncGenerator<ReplayInput> {
  const now = options.now ?? Date.now();
  let stats;
  try {
    stats = statSync(target);
  } catch (error) {
    throw new Error(`replay: cannot read ${target}: ${failure(error)}`, { cause: error });
  }
  const ignored: string[] = [];
  for (const file of stats.isDirectory() ? filesUnder(target) : [target]) {
    const extension = path.extname(file).toLowerCase();
    if (JSON_LINES.has(extension)) yield* jsonLines(file, now);
    else if (extension === '.json') yield* jsonFile(file, now);
    else if (stats.isDirectory()) ignored.push(file);
    else yield { origin: file, reason: 'not a webhook file: expected .json, .jsonl or .ndjson' };
  }
  if (ignored.length > 0) {
    const shown = ignored.slice(0, 5).join(', ');
    yield { origin: target, reason: `ignored ${ignored.length} file(s) that are not .json, .jsonl or .ndjson: ${shown}${ignored.length > 5 ? ', …' : ''}`, ignored: true };
  }
}
