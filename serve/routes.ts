/**
 * The catalogue over HTTP JSON:
 *
 * - `GET /v1/questions`: every question served: name, title, description, the stores it reads, and
 *   its input and output JSON Schemas (the same the OpenAPI document and the MCP tools carry);
 * - `GET /v1/questions/<name>?…`: the question asked with the query string as its input
 *   (serve/queryInput.ts says how parameters map: typed by the input schema, arrays as repeated
 *   keys, nested objects as dotted keys or the whole input as one JSON `input` parameter);
 * - `POST /v1/questions/<name>` with a JSON object body: the same question, the same answer.
 *
 * The answer is the question's output object as JSON; every refusal is `application/problem+json`
 * (serve/problem.ts), thrown here and rendered by the app's error handler.
 */
import { Hono } from 'hono';
import { AccessError } from '../access/errors.ts';
import type { Access } from '../access/service.ts';
import { ErrorCodes } from '../operators/errors.ts';
import type { AuthVariables } from './auth.ts';
import { inputFromQuery } from './queryInput.ts';
import type { ServedQuestion } from './questionSchemas.ts';

/** One entry of `GET /v1/questions`. */
export interface QuestionListing {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly stores: readonly string[];
  readonly input: Record<string, unknown>;
  readonly output: Record<string, unknown>;
}

export function questionRoutes(access: Access, served: readonly ServedQuestion[]): Hono<{ Variables: AuthVariables }> {
  const byName = new Map(served.map((s) => [s.name, s]));
  // The list never changes while serving: render it once.
  const listing = JSON.stringify({
    questions: served.map((s): QuestionListing => ({ name: s.name, title: s.question.title, description: s.question.description, stores: s.question.stores, input: s.input, output: s.output })),
  });
  const ask = (name: string, input: unknown, signal: AbortSignal) => access.ask(name, input, { signal, transport: 'http' });

  return new Hono<{ Variables: AuthVariables }>()
    .get('/questions', (c) => c.body(listing, 200, { 'Content-Type': 'application/json; charset=utf-8' }))
    .get('/questions/:name', async (c) => {
      const name = c.req.param('name');
      const question = byName.get(name);
      // An unknown name: let the service answer its 404 with the closest names.
      const input = question === undefined ? {} : inputFromQuery(new URL(c.req.url).searchParams, question.input);
      return c.json(await ask(name, input, c.req.raw.signal));
    })
    .post('/questions/:name', async (c) => {
      const name = c.req.param('name');
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new AccessError(`POST a JSON object (Content-Type: application/json), not ${type === '' ? 'no Content-Type' : type}`, ErrorCodes.accessBadInput, { problems: [{ path: 'input', message: 'must be a JSON object sent as application/json' }] });
      const text = await c.req.text();
      let body: unknown;
      try {
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch (error) {
        throw new AccessError(`the body is not JSON: ${error instanceof Error ? error.message : String(error)}`, ErrorCodes.accessBadInput, { problems: [{ path: 'input', message: 'must be a JSON object' }] });
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AccessError('the body must be a JSON object: the question\'s input', ErrorCodes.accessBadInput, { problems: [{ path: 'input', message: 'must be a JSON object' }] });
      return c.json(await ask(name, body, c.req.raw.signal));
    });
}
