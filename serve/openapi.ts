/**
 * The OpenAPI 3.1 document of the served catalogue, built once from the questions' JSON Schemas
 * (serve/questionSchemas.ts: zod 4's `z.toJSONSchema`, draft 2020-12, which *is* OpenAPI 3.1's
 * schema dialect, so no generator library stands between the catalogue and the document).
 *
 * Every question is a GET (its input's top-level properties as query parameters, objects as one
 * JSON `input` parameter or dotted keys) and a POST (its input as the JSON body), both answering its
 * output schema, with the problem+json errors. Named sub-schemas (`$defs`) are hoisted into
 * `components.schemas` so each `$ref` resolves from the document's root.
 */
import { z } from 'zod';
import { pipelineSnapshotSchema } from '../observability/pipelineSnapshot.ts';
import type { JsonSchema, ServedQuestion } from './questionSchemas.ts';
import { PROBLEM_JSON } from './problem.ts';

export interface OpenApiOptions {
  readonly title?: string;
  readonly version?: string;
  /** Whether bearer tokens are configured: every operation then requires one. */
  readonly secured: boolean;
  /** The URL it is served at, for `servers`. */
  readonly serverUrl?: string;
}

const ERRORS: Readonly<Record<string, string>> = {
  '400': 'Bad input: `problems` lists each JSON path (input.period.from) and what it must be',
  '401': 'No bearer token, or not a configured one',
  '403': 'Refused (a Host that is not this machine, without tokens)',
  '404': 'No such question (`closest` lists the nearest names) or no such project',
  '413': 'The request body is over SWITCHYARD_ACCESS_MAX_BODY_BYTES',
  '429': 'Over SWITCHYARD_ACCESS_RATE_PER_MINUTE: see Retry-After',
  '503': 'A store this question reads is unavailable (`store` names it); the other stores keep answering',
  '504': 'The question took longer than SWITCHYARD_ACCESS_TIMEOUT_MS',
};

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'a Switchyard error code, e.g. SWY_ACCESS_BAD_INPUT' },
    problems: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
    closest: { type: 'array', items: { type: 'string' } },
    store: { type: 'string' },
    retryAfterSeconds: { type: 'integer' },
  },
};

/** The document, as a plain object (serve it as JSON). */
export function openApiDocument(served: readonly ServedQuestion[], options: OpenApiOptions): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = { Problem: PROBLEM_SCHEMA };
  const paths: Record<string, unknown> = {};
  const errorResponses = Object.fromEntries(Object.entries(ERRORS).map(([status, description]) => [status, { description, content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/Problem' } } } }]));

  paths['/v1/questions'] = {
    get: {
      operationId: 'listQuestions',
      summary: 'Every question served, with its input and output JSON Schemas',
      tags: ['catalogue'],
      responses: { '200': { description: 'The questions', content: { 'application/json': { schema: { type: 'object', required: ['questions'], properties: { questions: { type: 'array', items: { type: 'object' } } } } } } }, '401': errorResponses['401'] },
    },
  };

  const { $schema: _dialect, ...pipeline } = z.toJSONSchema(pipelineSnapshotSchema, { target: 'draft-2020-12', io: 'output' }) as JsonSchema;
  schemas.PipelineSnapshot = pipeline;
  paths['/v1/pipeline'] = {
    get: {
      operationId: 'pipeline',
      summary: "The worker's pipeline now: each sub-topology's state, lag, records in and out, breakers and dead letters, and the topology as Mermaid",
      tags: ['pipeline'],
      responses: {
        '200': { description: 'A snapshot (totals since the worker started: take two for rates)', content: { 'application/json': { schema: { $ref: '#/components/schemas/PipelineSnapshot' } } } },
        '401': errorResponses['401'],
        '429': errorResponses['429'],
        '503': { description: 'The worker does not answer at SWITCHYARD_SERVE_WORKER_URL, or answers something else', content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
  };

  for (const s of served) {
    const input = hoisted(s.input, `${pascal(s.name)}Input`, schemas);
    const output = hoisted(s.output, `${pascal(s.name)}Output`, schemas);
    schemas[`${pascal(s.name)}Input`] = input;
    schemas[`${pascal(s.name)}Output`] = output;
    const common = { tags: s.question.stores.length > 1 ? ['compositions'] : s.question.stores.length === 0 ? ['organization'] : [...s.question.stores], description: s.question.description };
    const ok = { '200': { description: s.question.title, content: { 'application/json': { schema: { $ref: `#/components/schemas/${pascal(s.name)}Output` } } } }, ...errorResponses };
    paths[`/v1/questions/${s.name}`] = {
      get: { ...common, operationId: `${camel(s.name)}Get`, summary: `${s.question.title} (input as query parameters)`, parameters: queryParameters(input), responses: ok },
      post: { ...common, operationId: camel(s.name), summary: s.question.title, requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${pascal(s.name)}Input` } } } }, responses: ok },
    };
  }

  return {
    openapi: '3.1.1',
    info: {
      title: options.title ?? 'Switchyard access layer',
      version: options.version ?? '1',
      description: 'Typed, read-only questions over the engineering-intelligence stores (PostgreSQL, ClickHouse, Neo4j, vectors). The same catalogue is served as MCP tools at /mcp.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token made by `npx switchyard serve token NAME` (SWITCHYARD_ACCESS_TOKENS holds its digest)' } },
    },
    ...(options.secured ? { security: [{ bearer: [] }] } : {}),
  };
}

/** One query parameter per top-level input property; an object property as a JSON-encoded parameter. */
function queryParameters(input: JsonSchema): unknown[] {
  const properties = (input.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((input.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => {
    const object = schema.type === 'object' || typeof schema.$ref === 'string';
    const description = typeof schema.description === 'string' ? schema.description : undefined;
    return object
      ? { name, in: 'query', required: required.has(name), ...(description === undefined ? {} : { description: `${description} (as JSON, or as dotted keys: ${name}.<property>=…)` }), content: { 'application/json': { schema } } }
      : { name, in: 'query', required: required.has(name), ...(description === undefined ? {} : { description }), style: 'form', explode: true, schema };
  });
}

/**
 * `schema` without its `$schema` and `$defs`: each definition moved to `components.schemas` (named
 * `<owner><Def>`, shared when two are the same) and every `#/$defs/…` reference rewritten to it.
 */
function hoisted(schema: JsonSchema, owner: string, components: Record<string, JsonSchema>): JsonSchema {
  const { $schema: _dialect, $defs, ...rest } = schema;
  const renamed = new Map<string, string>();
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    const existing = components[name];
    const target = existing === undefined || JSON.stringify(existing) === JSON.stringify(def) ? name : `${owner}${pascal(name)}`;
    renamed.set(name, target);
  }
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
          const name = decodeURIComponent(inner.slice('#/$defs/'.length));
          return [key, `#/components/schemas/${renamed.get(name) ?? name}`];
        }
        return [key, rewrite(inner)];
      }),
    );
  };
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) components[renamed.get(name)!] = rewrite(def) as JsonSchema;
  return rewrite(rest) as JsonSchema;
}

const pascal = (name: string): string => name.replace(/(^|[_\W]+)(\w)/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
const camel = (name: string): string => { const p = pascal(name); return p.charAt(0).toLowerCase() + p.slice(1); };
