/**
 * The question catalogue: every store's questions (each descriptor's `access.questions`, listed
 * by sinks/registry.ts), the ones the organization file answers alone, and the compositions across stores. HTTP, MCP, OpenAPI and the typed
 * client are drawn from this list; names are checked when it is built.
 */
import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { ErrorCodes } from '../operators/errors.ts';
import { STORES } from '../sinks/registry.ts';
import { COMPOSITIONS } from './compositions/index.ts';
import { ORGANIZATION_QUESTIONS } from './organizationQuestions.ts';
import { AccessError } from './errors.ts';
import type { AnyQuestion } from './question.ts';

/** Every question, with its precise types (for the typed client). */
export type CatalogueQuestion = (typeof STORES)[number]['access']['questions'][number] | (typeof COMPOSITIONS)[number] | (typeof ORGANIZATION_QUESTIONS)[number];
export type QuestionName = CatalogueQuestion['name'];
/** What a question takes, as a caller writes it (defaults may be left out). */
export type InputOf<N extends QuestionName> = z.input<Extract<CatalogueQuestion, { name: N }>['input']>;
/** What a question answers. */
export type AnswerOf<N extends QuestionName> = z.output<Extract<CatalogueQuestion, { name: N }>['output']>;

/** A tool name MCP clients accept and a URL segment needs no escaping for. */
const NAME = /^[a-z][a-z0-9_]{2,63}$/;

/** The questions, checked: names well formed and unique, inputs and outputs objects. Throws naming the bad one. */
export function checkedCatalogue(questions: readonly AnyQuestion[]): readonly AnyQuestion[] {
  const seen = new Set<string>();
  for (const question of questions) {
    if (!NAME.test(question.name)) throw new Error(`question "${question.name}": a name must be lower snake case, 3–64 characters (${NAME})`);
    if (seen.has(question.name)) throw new Error(`question "${question.name}" is in the catalogue twice`);
    if (question.composed === true && question.stores.length === 0) throw new Error(`question "${question.name}" is composed: it must say which stores its parts read`);
    if (question.composed !== true && question.stores.length > 1) throw new Error(`question "${question.name}" reads one store's reader: give one store (none: it reads only the organization file), or mark it composed`);
    seen.add(question.name);
  }
  return questions;
}

export const CATALOGUE: readonly AnyQuestion[] = checkedCatalogue([...ORGANIZATION_QUESTIONS, ...STORES.flatMap((store) => store.access.questions as readonly AnyQuestion[]), ...COMPOSITIONS]);

const BY_NAME = new Map(CATALOGUE.map((question) => [question.name, question]));

/** The closest names to `name` (for a 404): by edit distance, then by a shared word. */
export function closestNames(name: string, names: readonly string[] = CATALOGUE.map((q) => q.name), count = 3): string[] {
  const wanted = name.toLowerCase().replace(/-/g, '_');
  const words = new Set(wanted.split('_').filter((w) => w.length > 2));
  return names
    .map((candidate) => ({ candidate, score: distance(wanted, candidate) - (candidate.split('_').some((w) => words.has(w)) ? 3 : 0) }))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map((c) => c.candidate);
}

/** The question named `name`, or an AccessError (404) listing the closest names. */
export function questionNamed(name: string, byName: ReadonlyMap<string, AnyQuestion> = BY_NAME): AnyQuestion {
  const found = byName.get(name);
  if (found !== undefined) return found;
  const closest = closestNames(name, [...byName.keys()]);
  throw new AccessError(`no question "${name}"${closest.length > 0 ? `; did you mean ${closest.join(', ')}?` : ''} (GET /v1/questions lists them all)`, ErrorCodes.accessUnknownQuestion, { closest });
}
