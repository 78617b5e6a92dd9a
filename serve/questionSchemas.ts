/**
 * Each served question's JSON Schemas, drawn from its zod input and output with zod 4's own
 * `z.toJSONSchema` (draft 2020-12, the dialect of OpenAPI 3.1 and of MCP tool schemas): the input
 * as a caller writes it (`io: 'input'`: defaults may be left out), the output as it is answered
 * (`io: 'output'`). Built once when the server starts: the question list, the OpenAPI document and
 * the GET query coercion read them; nothing converts zod per request.
 *
 * `unrepresentable: 'throw'`: a question whose schema JSON cannot say (a Date, a bigint, a custom
 * check with no JSON form) stops the server at start, naming it, rather than serving a schema that
 * promises less than the server checks.
 */
import { z } from 'zod';
import type { AnyQuestion } from '../access/question.ts';

/** A JSON Schema object, as z.toJSONSchema returns it. */
export type JsonSchema = Record<string, unknown>;

export interface ServedQuestion {
  readonly question: AnyQuestion;
  readonly name: string;
  readonly input: JsonSchema;
  readonly output: JsonSchema;
}

/** The catalogue's questions with their schemas; throws naming the question whose schema JSON cannot express. */
export function servedQuestions(catalogue: readonly AnyQuestion[]): readonly ServedQuestion[] {
  return catalogue.map((question) => {
    try {
      return {
        question,
        name: question.name,
        input: z.toJSONSchema(question.input, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as JsonSchema,
        output: z.toJSONSchema(question.output, { target: 'draft-2020-12', io: 'output', unrepresentable: 'throw' }) as JsonSchema,
      };
    } catch (error) {
      throw new Error(`question ${question.name}: its schema has no JSON Schema form (${error instanceof Error ? error.message : String(error)}); keep inputs and outputs JSON-native`, { cause: error });
    }
  });
}

/** `schema`, with a `$ref` into the root's `$defs` followed (z.toJSONSchema puts reused and named schemas there). */
export function resolved(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema | undefined {
  let current = schema;
  for (let hops = 0; current !== undefined && typeof current.$ref === 'string' && hops < 8; hops++) {
    const match = /^#\/\$defs\/(.+)$/.exec(current.$ref);
    current = match === null ? undefined : ((root.$defs as Record<string, JsonSchema> | undefined)?.[decodeURIComponent(match[1]!)] ?? undefined);
  }
  return current;
}

/** The JSON type a schema stands for, looking through `anyOf`/`oneOf` (a nullable or a union) for the first non-null one. */
export function typeOf(schema: JsonSchema | undefined, root: JsonSchema): string | undefined {
  const s = resolved(schema, root);
  if (s === undefined) return undefined;
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return (s.type as string[]).find((t) => t !== 'null');
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = s[key];
    if (Array.isArray(options)) {
      for (const option of options as JsonSchema[]) {
        const type = typeOf(option, root);
        if (type !== undefined && type !== 'null') return type;
      }
    }
  }
  if (s.const !== undefined) return typeof s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return typeof s.enum[0];
  return undefined;
}

/** A property's schema within an object schema (`undefined` when it has none). */
export function propertyOf(schema: JsonSchema | undefined, key: string, root: JsonSchema): JsonSchema | undefined {
  const s = resolved(schema, root);
  if (s === undefined) return undefined;
  const direct = (s.properties as Record<string, JsonSchema> | undefined)?.[key];
  if (direct !== undefined) return direct;
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = s[combinator];
    if (Array.isArray(options)) {
      for (const option of options as JsonSchema[]) {
        const found = propertyOf(option, key, root);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}
