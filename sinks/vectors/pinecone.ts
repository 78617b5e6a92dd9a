/**
 * The Pinecone adapter: the VectorStore calls through the official client
 * (`@pinecone-database/pinecone`), keeping Pinecone's documented limits (limits.ts) on our side of
 * the wire: records over a limit are refused with an error naming them, large writes are split
 * into requests of ≤ 1,000 records and ≤ 2 MB, deletes and fetches into ≤ 1,000 ids.
 *
 * Retries belong to the sink's guard operator (DESIGN.md), so the client's own retries are off by
 * default (`maxRetries: 0`): one policy, one place, counted in the metrics. Every failure becomes a
 * VectorStoreError whose `retriable` says 429 and 5xx (and a lost connection) may pass, other
 * 4xx never will.
 *
 * The index must exist, with the embedder's dimension and the cosine metric: creating indexes is
 * the control plane's business, not a sink's; `init` checks the dimension and refuses to start on
 * a mismatch.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Pinecone } from '@pinecone-database/pinecone';
import type { Index, PineconeConfiguration, RecordMetadata } from '@pinecone-database/pinecone';
import { messageOf } from '../../operators/errors.ts';
import { VECTOR_ERROR_CODES, VectorStoreError, retriableStatus } from './errors.ts';
import { PINECONE_LIMITS, checkRecord, chunk, planUpserts } from './limits.ts';
import type { Limits } from './limits.ts';
import type { Metadata, StoreDescription, VectorMatch, VectorRecord, VectorStore } from './store.ts';

/** The data-plane API version this client speaks (its generated models are of that version). */
export const PINECONE_API_VERSION = '2026-07';

/** Ids per fetch request: ids travel in the query string, so fewer than the 1,000 a delete takes. */
const IDS_PER_FETCH = 100;

export interface PineconeStoreOptions {
  readonly apiKey: string;
  /** The index name (PINECONE_INDEX); its host is looked up through the control plane when `indexHost` is not given. */
  readonly indexName: string;
  /** The index's data-plane host (PINECONE_INDEX_HOST), e.g. https://engineering-intelligence-abc123.svc.us-east-1.pinecone.io. */
  readonly indexHost?: string;
  /** Control-plane URL, when not https://api.pinecone.io. */
  readonly controllerHostUrl?: string;
  /** The dimension the index must have: the embedder's. */
  readonly dimension: number;
  /** The client's own retries of 5xx; 0 leaves retrying to the guard operator. */
  readonly maxRetries?: number;
  /** Limits to plan requests by; Pinecone's documented ones unless a test narrows them. */
  readonly limits?: Limits;
}

export function pineconeStore(options: PineconeStoreOptions): VectorStore {
  const limits = options.limits ?? PINECONE_LIMITS;
  const config: PineconeConfiguration = {
    apiKey: options.apiKey,
    maxRetries: options.maxRetries ?? 0,
    sourceTag: 'switchyard',
    fetchApi: observingFetch,
    ...(options.controllerHostUrl === undefined ? {} : { controllerHostUrl: options.controllerHostUrl }),
  };
  const client = new Pinecone(config);
  const index: Index<RecordMetadata> = client.index({ name: options.indexName, ...(options.indexHost === undefined ? {} : { host: options.indexHost }) });
  const ns = (namespace: string) => index.namespace(namespace);

  const describe = async (): Promise<StoreDescription> => {
    const stats = await call('describe_index_stats', () => index.describeIndexStats());
    const namespaces: Record<string, number> = {};
    for (const [name, summary] of Object.entries(stats.namespaces ?? {})) namespaces[name] = summary.recordCount ?? 0;
    return { kind: 'pinecone', dimension: stats.dimension, namespaces, version: `Pinecone API ${PINECONE_API_VERSION}` };
  };

  return {
    kind: 'pinecone',

    async init() {
      const { dimension } = await describe();
      if (dimension !== undefined && dimension !== options.dimension) {
        throw new VectorStoreError(
          `Pinecone index ${options.indexName} has dimension ${dimension} but the embedder makes ${options.dimension}: use an index of dimension ${options.dimension} (PINECONE_INDEX) or another embedder (EMBEDDINGS)`,
          VECTOR_ERROR_CODES.store,
          { retriable: false },
        );
      }
    },

    async upsert(namespace, records) {
      for (const record of records) checkRecord(record, limits);
      for (const batch of planUpserts(namespace, records, limits)) {
        await call('upsert', () => ns(namespace).upsert({ records: batch.map(toPinecone) }));
      }
    },

    async fetch(namespace, ids) {
      const found = new Map<string, VectorRecord>();
      for (const part of chunk(ids, IDS_PER_FETCH)) {
        const response = await call('fetch', () => ns(namespace).fetch({ ids: part }));
        for (const [id, record] of Object.entries(response.records)) {
          found.set(id, { id, values: record.values ?? [], metadata: (record.metadata ?? {}) as Metadata });
        }
      }
      return found;
    },

    async delete(namespace, ids) {
      for (const part of chunk(ids, limits.idsPerRequest)) {
        await call('delete', () => ns(namespace).deleteMany({ ids: part }));
      }
    },

    async query(namespace, vector, topK): Promise<VectorMatch[]> {
      const response = await call('query', () => ns(namespace).query({ vector: [...vector], topK: Math.min(topK, limits.topK), includeMetadata: true }));
      return response.matches.map((m) => ({ id: m.id, score: m.score ?? 0, metadata: (m.metadata ?? {}) as Metadata }));
    },

    describe,

    async close() {
      // The client holds no connections of its own (fetch keeps none we own).
    },
  };
}

function toPinecone(record: VectorRecord) {
  return { id: record.id, values: [...record.values], metadata: record.metadata as RecordMetadata };
}

/**
 * The HTTP status of the last response within one `call`: the client turns a 5xx into
 * PineconeMaxRetriesExceededError and a 429 into an unmapped error, neither keeping the status,
 * so the fetch it is given notes it here for the error to report.
 */
const observed = new AsyncLocalStorage<{ status?: number }>();

const observingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const seen = observed.getStore();
  if (seen) seen.status = response.status;
  return response;
};

/** Runs one client call, turning its failure into a VectorStoreError that says whether to retry. */
async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  const seen: { status?: number } = {};
  try {
    return await observed.run(seen, run);
  } catch (error) {
    throw toVectorStoreError(operation, error, seen.status !== undefined && seen.status >= 400 ? seen.status : undefined);
  }
}

/**
 * When no response status was observed, the client's error class names it (and one it has no
 * class for is read from the message).
 */
const STATUS_BY_ERROR: Readonly<Record<string, number>> = {
  PineconeBadRequestError: 400,
  PineconeAuthorizationError: 401,
  PineconePaymentRequiredError: 402,
  PineconeNotFoundError: 404,
  PineconeMethodNotAllowedError: 405,
  PineconeConflictError: 409,
  PineconeFailedPreconditionError: 412,
  PineconeUnprocessableEntityError: 422,
  PineconeInternalServerError: 500,
  PineconeNotImplementedError: 501,
  PineconeUnavailableError: 503,
};

/** Failures with no HTTP answer: the network, a timeout, or the client's own retries used up. */
const RETRIABLE_WITHOUT_STATUS = new Set(['PineconeConnectionError', 'PineconeRequestError', 'PineconeTimeoutError', 'PineconeMaxRetriesExceededError']);

export function toVectorStoreError(operation: string, error: unknown, httpStatus?: number): VectorStoreError {
  if (error instanceof VectorStoreError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  const message = messageOf(error);
  const status = httpStatus ?? STATUS_BY_ERROR[name] ?? statusInMessage(message);
  const retriable = status === undefined ? RETRIABLE_WITHOUT_STATUS.has(name) : retriableStatus(status);
  return new VectorStoreError(`Pinecone ${operation} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${message}`, VECTOR_ERROR_CODES.store, {
    retriable,
    cause: error,
    ...(status === undefined ? {} : { status }),
  });
}

function statusInMessage(message: string): number | undefined {
  const match = /Status(?: Code)?: (\d{3})\b/.exec(message);
  return match ? Number(match[1]) : undefined;
}
