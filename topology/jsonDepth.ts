/**
 * How deep untrusted JSON nests, told without parsing it and without recursion.
 *
 * `JSON.parse` takes any depth (V8's parser is iterative), but `JSON.stringify`,
 * `structuredClone`, avsc and any tree walk recurse, and a body nested ten thousand deep ends
 * there as "Maximum call stack size exceeded" — a RangeError that says nothing of the record.
 * A webhook body is therefore checked once, by one pass over its text, before anything reads it:
 * deeper than MAX_JSON_DEPTH is refused with a reason a person can act on.
 *
 * 512 levels: far beyond any webhook the sources send (GitHub's deepest payloads nest about 8
 * levels, Jira's Atlassian Document Format a few dozen), and far below what recursion in Node
 * survives (a few thousand frames of a JSON walk on the default stack).
 */
import { ErrorCodes, SwitchyardError } from '../operators/index.ts';

export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * The deepest nesting of objects and arrays in JSON text, counting only brackets outside
 * strings; stops counting once past `stopAbove` (a huge body need not be read to the end once it
 * is known to be too deep). Text that is not JSON still gets a number; parsing decides the rest.
 * Works on UTF-8 bytes too: no byte of a multi-byte character is a quote, backslash or bracket.
 */
export function jsonDepth(text: string | Buffer, stopAbove = Infinity): number {
  const length = text.length;
  const codeAt = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i]!;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = codeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return deepest;
}

/** JSON text that nests deeper than MAX_JSON_DEPTH. */
export class JsonTooDeepError extends SwitchyardError {
  override readonly name: string = 'JsonTooDeepError';
  readonly path: string = '$';
  constructor(what: string, limit: number) {
    super(`${what} nests deeper than ${limit} levels (MAX_JSON_DEPTH): refused before anything recurses into it`, ErrorCodes.jsonTooDeep);
  }
}

/** Throws JsonTooDeepError when `text` nests deeper than `limit`. */
export function checkJsonDepth(text: string | Buffer, what: string, limit = MAX_JSON_DEPTH): void {
  if (jsonDepth(text, limit) > limit) throw new JsonTooDeepError(what, limit);
}
