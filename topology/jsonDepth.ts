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
 *
 * Every webhook body passes here, so it is written for speed: a string is skipped with a native
 * `indexOf` to its closing quote rather than read a character at a time, which keeps the check
 * about as cheap as the `JSON.parse` that follows it.
 */
export function jsonDepth(text: string | Buffer, stopAbove = Infinity): number {
  const length = text.length;
  const isString = typeof text === 'string';
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < length; i++) {
    const c = isString ? text.charCodeAt(i) : text[i]!;
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i === -1) return deepest;
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

/** The index of the quote that ends the string opened at `open` (one not escaped by an odd run of backslashes), or -1. */
function closingQuote(text: string | Buffer, open: number): number {
  let at = open;
  for (;;) {
    at = typeof text === 'string' ? text.indexOf('"', at + 1) : text.indexOf(QUOTE, at + 1);
    if (at === -1) return -1;
    let backslashes = 0;
    for (let j = at - 1; j > open && (typeof text === 'string' ? text.charCodeAt(j) : text[j]) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
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
