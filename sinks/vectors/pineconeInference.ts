/**
 * Pinecone Inference embeddings through the official client (`pc.inference.embed`): a hosted
 * model, `llama-text-embed-v2` by default, asked for `dimension` values (1024 unless set; the
 * index must match). Passages and queries are embedded differently by these models, so the
 * `purpose` becomes the `input_type` parameter (the client's parameters are strings, so a non-default `dimension` is
sent as one; untried against the service). At most 96 inputs go in one request (the hosted
 * models' batch limit); long texts are truncated at the end rather than refused.
 *
 * The client sits behind `InferenceClient`, the one call made, so tests hand in a fake.
 */
import { Pinecone } from '@pinecone-database/pinecone';
import type { Embedder } from './embedder.ts';
import { VECTOR_ERROR_CODES, VectorStoreError } from './errors.ts';
import { chunk } from './limits.ts';
import { toVectorStoreError } from './pinecone.ts';

export const PINECONE_DEFAULT_MODEL = 'llama-text-embed-v2';
const INPUTS_PER_REQUEST = 96;

/** The part of `pc.inference` used. */
export interface InferenceClient {
  embed(options: { model: string; inputs: string[]; parameters?: Record<string, string> }): Promise<{ data: readonly unknown[] }>;
}

export interface PineconeInferenceOptions {
  readonly model?: string;
  readonly dimension?: number;
  /** The client's inference API, e.g. `new Pinecone({ apiKey }).inference`. */
  readonly inference: InferenceClient;
}

export function pineconeInferenceFromKey(apiKey: string, options: Omit<PineconeInferenceOptions, 'inference'> = {}): Embedder {
  return pineconeInference({ ...options, inference: new Pinecone({ apiKey, maxRetries: 0, sourceTag: 'switchyard' }).inference });
}

export function pineconeInference(options: PineconeInferenceOptions): Embedder {
  const model = options.model ?? PINECONE_DEFAULT_MODEL;
  const dimension = options.dimension ?? 1024;
  return {
    name: `pinecone-inference ${model} (${dimension} dimensions)`,
    dimension,
    async embed(texts, purpose = 'passage') {
      const vectors: number[][] = [];
      for (const part of chunk(texts, INPUTS_PER_REQUEST)) {
        let response: { data: readonly unknown[] };
        try {
          response = await options.inference.embed({ model, inputs: part, parameters: { input_type: purpose, truncate: 'END', ...(dimension === 1024 ? {} : { dimension: String(dimension) }) } });
        } catch (error) {
          const failure = toVectorStoreError('inference embed', error);
          throw new VectorStoreError(failure.message, VECTOR_ERROR_CODES.embedding, { retriable: failure.retriable, cause: error, ...(failure.status === undefined ? {} : { status: failure.status }) });
        }
        for (const item of response.data) {
          const values = typeof item === 'object' && item !== null && 'values' in item && Array.isArray(item.values) ? (item.values as number[]) : undefined;
          if (!values || values.length !== dimension) throw new VectorStoreError(`Pinecone Inference: expected dense vectors of ${dimension} from ${model}`, VECTOR_ERROR_CODES.embedding, { retriable: false });
          vectors.push(values);
        }
      }
      if (vectors.length !== texts.length) throw new VectorStoreError(`Pinecone Inference: ${texts.length} texts gave ${vectors.length} vectors`, VECTOR_ERROR_CODES.embedding, { retriable: false });
      return vectors;
    },
  };
}
