/**
 * The networked embedders, dry: the request each builds and how each reads answers and failures,
 * with a fake in place of the service (tests never call OpenAI or Pinecone).
 */
import { describe, expect, test } from 'vitest';
import { VectorStoreError } from './errors.ts';
import { OPENAI_EMBEDDINGS_URL, openAiEmbedder } from './openAiEmbedder.ts';
import { pineconeInference } from './pineconeInference.ts';
import type { InferenceClient } from './pineconeInference.ts';

interface Sent {
  readonly url: string;
  readonly init: RequestInit;
}

function fakeFetch(answer: (body: { input: string[] }) => Response): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fake = (async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), init: init ?? {} });
    return answer(JSON.parse(String(init?.body)) as { input: string[] });
  }) as typeof fetch;
  return { fetch: fake, sent };
}

const vectors = (body: { input: string[] }, dimension: number) =>
  Response.json({ object: 'list', model: 'text-embedding-3-small', data: body.input.map((_, index) => ({ object: 'embedding', index, embedding: Array.from({ length: dimension }, () => index) })).reverse() });

describe('openAiEmbedder', () => {
  test('POSTs the texts to /v1/embeddings with the key, model and float encoding; orders by index', async () => {
    const { fetch, sent } = fakeFetch((body) => vectors(body, 1536));
    const embedder = openAiEmbedder({ apiKey: 'sk-test', fetch });
    expect(embedder.dimension).toBe(1536);
    const out = await embedder.embed(['first', 'second']);
    expect(out.map((v) => v[0])).toEqual([0, 1]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(OPENAI_EMBEDDINGS_URL);
    expect(sent[0]!.init.method).toBe('POST');
    expect(sent[0]!.init.headers).toEqual({ authorization: 'Bearer sk-test', 'content-type': 'application/json' });
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual({ model: 'text-embedding-3-small', input: ['first', 'second'], encoding_format: 'float' });
  });

  test('asks for shorter vectors when told, and splits at 2,048 inputs', async () => {
    const { fetch, sent } = fakeFetch((body) => vectors(body, 384));
    const out = await openAiEmbedder({ apiKey: 'k', dimensions: 384, fetch }).embed(Array.from({ length: 2_100 }, (_, i) => `t${i}`));
    expect(out).toHaveLength(2_100);
    expect(sent.map((s) => (JSON.parse(String(s.init.body)) as { input: string[]; dimensions: number }).input.length)).toEqual([2048, 52]);
    expect(JSON.parse(String(sent[0]!.init.body))).toMatchObject({ dimensions: 384 });
  });

  test('429 and 5xx are retriable (503 an outage), 401 is the setup (retried, never dead-lettered), 400 the request', async () => {
    for (const [status, retriable, classification] of [
      [429, true, 'transient'],
      [503, true, 'transient'],
      [500, true, 'retryable'],
      [401, true, 'configuration'],
      [400, false, 'permanent'],
    ] as const) {
      const { fetch } = fakeFetch(() => new Response('{"error":{"message":"nope"}}', { status }));
      const error = await openAiEmbedder({ apiKey: 'k', fetch })
        .embed(['x'])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VectorStoreError);
      expect(error).toMatchObject({ retriable, classification, status });
    }
  });
});

describe('pineconeInference', () => {
  test('calls inference.embed with the model, input type and truncation, 96 inputs at a time', async () => {
    const calls: Parameters<InferenceClient['embed']>[0][] = [];
    const inference: InferenceClient = {
      embed: async (options) => {
        calls.push(options);
        return { data: options.inputs.map(() => ({ vectorType: 'dense', values: Array.from({ length: 1024 }, () => 0.5) })) };
      },
    };
    const embedder = pineconeInference({ inference });
    const out = await embedder.embed(Array.from({ length: 100 }, (_, i) => `doc ${i}`));
    expect(out).toHaveLength(100);
    expect(calls.map((c) => c.inputs.length)).toEqual([96, 4]);
    expect(calls[0]).toMatchObject({ model: 'llama-text-embed-v2', parameters: { input_type: 'passage', truncate: 'END' } });
    await embedder.embed(['who knows Kafka?'], 'query');
    expect(calls[2]!.parameters).toMatchObject({ input_type: 'query' });
  });

  test("the client's errors become VectorStoreErrors saying whether to retry", async () => {
    const failing = (name: string, message: string): InferenceClient => ({
      embed: async () => {
        throw Object.assign(new Error(message), { name });
      },
    });
    const unavailable = await pineconeInference({ inference: failing('PineconeUnmappedHttpError', 'Too many. Status: 429.') }).embed(['x']).catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ retriable: true, status: 429 });
    const bad = await pineconeInference({ inference: failing('PineconeBadRequestError', 'unknown model') }).embed(['x']).catch((e: unknown) => e);
    expect(bad).toMatchObject({ retriable: false, status: 400 });
  });
});
