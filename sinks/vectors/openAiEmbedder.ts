/**
 * OpenAI embeddings (POST https://api.openai.com/v1/embeddings), with plain `fetch` so no SDK is
 * needed and a test can hand in a fake: `text-embedding-3-small` by default, 1536 dimensions
 * unless `dimensions` asks the model for shorter vectors (the store's index must match).
 *
 * Inputs go in requests of at most 2,048 texts (the endpoint's limit on an input array); vectors
 * come back ordered by the `index` OpenAI gives each. A 429 or 5xx is a retriable error, other
 * failures permanent; retrying is the guard operator's job.
 */
import type { Embedder } from './embedder.ts';
import { VECTOR_ERROR_CODES, VectorStoreError, retriableStatus } from './errors.ts';
import { chunk } from './limits.ts';

export const OPENAI_EMBEDDINGS_URL = 'https://api.openai.com/v1/embeddings';
export const OPENAI_DEFAULT_MODEL = 'text-embedding-3-small';
const NATIVE_DIMENSIONS: Readonly<Record<string, number>> = { 'text-embedding-3-small': 1536, 'text-embedding-3-large': 3072, 'text-embedding-ada-002': 1536 };
const INPUTS_PER_REQUEST = 2048;

export interface OpenAiEmbedderOptions {
  readonly apiKey: string;
  readonly model?: string;
  /** Shorter vectors than the model's native size (text-embedding-3 models only). */
  readonly dimensions?: number;
  readonly url?: string;
  readonly fetch?: typeof fetch;
}

interface EmbeddingsResponse {
  readonly data: readonly { readonly index: number; readonly embedding: readonly number[] }[];
}

export function openAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const model = options.model ?? OPENAI_DEFAULT_MODEL;
  const dimension = options.dimensions ?? NATIVE_DIMENSIONS[model];
  if (dimension === undefined) throw new Error(`OpenAI embeddings: the dimension of model ${model} is unknown; set it (EMBEDDINGS_DIMENSION)`);
  const doFetch = options.fetch ?? fetch;
  const url = options.url ?? OPENAI_EMBEDDINGS_URL;

  const request = async (input: readonly string[]): Promise<number[][]> => {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, input, encoding_format: 'float', ...(options.dimensions === undefined ? {} : { dimensions: options.dimensions }) }),
      });
    } catch (error) {
      throw new VectorStoreError(`OpenAI embeddings unreachable: ${String(error)}`, VECTOR_ERROR_CODES.embedding, { retriable: true, cause: error });
    }
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 500);
      throw new VectorStoreError(`OpenAI embeddings failed (HTTP ${response.status}): ${detail}`, VECTOR_ERROR_CODES.embedding, { retriable: retriableStatus(response.status), status: response.status });
    }
    const body = (await response.json()) as EmbeddingsResponse;
    const vectors = [...body.data].sort((a, b) => a.index - b.index).map((d) => [...d.embedding]);
    if (vectors.length !== input.length || vectors.some((v) => v.length !== dimension)) {
      throw new VectorStoreError(`OpenAI embeddings: expected ${input.length} vectors of ${dimension}`, VECTOR_ERROR_CODES.embedding, { retriable: false });
    }
    return vectors;
  };

  return {
    name: `openai ${model} (${dimension} dimensions)`,
    dimension,
    async embed(texts) {
      const vectors: number[][] = [];
      for (const part of chunk(texts, INPUTS_PER_REQUEST)) vectors.push(...(await request(part)));
      return vectors;
    },
  };
}
