/**
 * A LOCAL STAND-IN for a Pinecone serverless index, for tests only. Pinecone's cloud cannot run
 * on this machine, so the Pinecone adapter is tested against this small node:http server on
 * loopback instead: it speaks enough of Pinecone's documented data-plane REST API (API version
 * 2026-07, the one @pinecone-database/pinecone 9 sends in `X-Pinecone-Api-Version`) for the
 * official client to work against it unchanged:
 *
 *   POST /vectors/upsert            {vectors, namespace}            → {upsertedCount}
 *   POST /query                     {vector | id, topK, namespace, includeValues, includeMetadata}
 *                                                                    → {matches, namespace, usage}
 *   POST /vectors/delete            {ids | deleteAll, namespace}    → {}
 *   GET  /vectors/fetch?ids=…&namespace=…                           → {vectors, namespace, usage}
 *   GET|POST /describe_index_stats                                  → {namespaces, dimension, totalVectorCount, …}
 *
 * It keeps vectors in memory, scores by cosine similarity, checks the `Api-Key` header (401 with
 * a plain-text body, as Pinecone answers), and enforces the documented operation limits with
 * Pinecone's error shape (`{code, message, details}`, gRPC codes): more than 1,000 vectors or
 * 2 MB per upsert, metadata over 40 KB, an id over 512 characters, an all-zero vector or a
 * dimension other than the index's → 400. It answers 429 when more requests arrive in a second
 * than `requestsPerSecond` (Pinecone rate-limits per namespace and operation; one budget is
 * enough to test a client's handling), and `failNext` injects any status for the next requests.
 *
 * What it is not: metadata filters (refused with 400 rather than ignored), sparse vectors,
 * `list`, `update`, the control plane, integrated inference, eventual consistency (writes are
 * visible at once), exact error message texts, and the real service's byte accounting, which is
 * not documented (it uses limits.ts's reading of "2 MB" and "40 KB").
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PINECONE_LIMITS } from '../limits.ts';

export interface PineconeStandInOptions {
  /** The dimension of the pretended index; every vector must have it. */
  readonly dimension: number;
  /** The key requests must carry in `Api-Key`. */
  readonly apiKey?: string;
  /** Requests per rolling second before answering 429; unlimited when absent. */
  readonly requestsPerSecond?: number;
}

/** One request as the stand-in saw it, for tests to assert on what the client sent. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly apiVersion: string | undefined;
  readonly bodyBytes: number;
  /** Vectors in an upsert, ids in a delete. */
  readonly count: number;
  readonly status: number;
}

interface StoredVector {
  readonly values: number[];
  readonly metadata: Record<string, unknown> | undefined;
}

export interface PineconeStandIn {
  /** The index host to give the client, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Answer the next `times` requests with `status` (Pinecone's error shape), before anything else. */
  failNext(status: number, times?: number): void;
  /** Everything stored in a namespace, by id (values as stored: float32). */
  snapshot(namespace: string): Map<string, StoredVector>;
  close(): Promise<void>;
}

/** gRPC codes Pinecone puts in `code` for each HTTP status. */
const GRPC_CODE: Readonly<Record<number, number>> = { 400: 3, 401: 16, 404: 5, 429: 8, 500: 13, 503: 14 };
const MAX_BODY = 16 * 1024 * 1024;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const invalid = (message: string) => new HttpError(400, message);

export async function startPineconeStandIn(options: PineconeStandInOptions): Promise<PineconeStandIn> {
  const apiKey = options.apiKey ?? 'stand-in-key';
  const namespaces = new Map<string, Map<string, StoredVector>>();
  const requests: SeenRequest[] = [];
  const recent: number[] = [];
  const injected: number[] = [];
  const space = (name: string) => {
    let found = namespaces.get(name);
    if (!found) namespaces.set(name, (found = new Map()));
    return found;
  };

  const handle = async (req: IncomingMessage): Promise<{ status: number; body: unknown; count: number; bytes: number }> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.headers['api-key'] !== apiKey) throw new HttpError(401, 'Unauthorized');
    const forced = injected.shift();
    if (forced !== undefined) throw new HttpError(forced, `injected failure ${forced}`);
    const now = Date.now();
    while (recent.length > 0 && recent[0]! <= now - 1000) recent.shift();
    if (options.requestsPerSecond !== undefined && recent.length >= options.requestsPerSecond) {
      throw new HttpError(429, `Request failed. You've reached the max requests per second (${options.requestsPerSecond}) of this index.`);
    }
    recent.push(now);
    const body = raw.length > 0 ? parseJson(raw) : {};
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'POST /vectors/upsert':
        return { status: 200, ...upsert(body, raw.length), bytes: raw.length };
      case 'POST /query':
        return { status: 200, body: query(body), count: 0, bytes: raw.length };
      case 'POST /vectors/delete':
        return { status: 200, ...remove(body), bytes: raw.length };
      case 'GET /vectors/fetch':
        return { status: 200, body: fetchVectors(url), count: url.searchParams.getAll('ids').length, bytes: 0 };
      case 'GET /describe_index_stats':
      case 'POST /describe_index_stats':
        return { status: 200, body: stats(), count: 0, bytes: raw.length };
      default:
        throw new HttpError(404, `Not Found: ${route}`);
    }
  };

  const upsert = (body: Record<string, unknown>, bytes: number) => {
    if (bytes > PINECONE_LIMITS.upsertBytes) throw invalid(`Request size ${bytes} bytes exceeds the maximum supported size of ${PINECONE_LIMITS.upsertBytes} bytes`);
    const vectors = body.vectors;
    if (!Array.isArray(vectors) || vectors.length === 0) throw invalid('vectors: at least one vector is required');
    if (vectors.length > PINECONE_LIMITS.upsertRecords) throw invalid(`Vector count ${vectors.length} exceeds the maximum of ${PINECONE_LIMITS.upsertRecords} per upsert request`);
    const checked = vectors.map((v: unknown) => checkVector(v));
    const target = space(namespaceOf(body));
    for (const { id, values, metadata } of checked) target.set(id, { values: values.map(Math.fround), metadata });
    return { body: { upsertedCount: checked.length }, count: checked.length };
  };

  const checkVector = (v: unknown): { id: string; values: number[]; metadata: Record<string, unknown> | undefined } => {
    if (typeof v !== 'object' || v === null) throw invalid('vectors: each vector must be an object');
    const { id, values, metadata } = v as Record<string, unknown>;
    if (typeof id !== 'string' || id.length === 0) throw invalid('vectors: each vector needs a non-empty string id');
    if (id.length > PINECONE_LIMITS.idLength) throw invalid(`Vector ID ${id.slice(0, 32)}… is ${id.length} characters, over the maximum of ${PINECONE_LIMITS.idLength}`);
    if (!Array.isArray(values) || !values.every((x) => typeof x === 'number' && Number.isFinite(x))) throw invalid(`Vector ID ${id}: values must be finite numbers`);
    if (values.length !== options.dimension) throw invalid(`Vector dimension ${values.length} does not match the dimension of the index ${options.dimension}`);
    if (!values.some((x) => x !== 0)) throw invalid(`Dense vectors must contain at least one non-zero value. Vector ID ${id} contains only zeros.`);
    if (metadata !== undefined) {
      if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw invalid(`Vector ID ${id}: metadata must be an object`);
      const size = Buffer.byteLength(JSON.stringify(metadata));
      if (size > PINECONE_LIMITS.metadataBytes) throw invalid(`Metadata size is ${size} bytes, which exceeds the limit of ${PINECONE_LIMITS.metadataBytes} bytes per vector`);
      for (const [key, value] of Object.entries(metadata)) {
        const ok = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || (Array.isArray(value) && value.every((x) => typeof x === 'string'));
        if (!ok) throw invalid(`Vector ID ${id}: metadata value of ${key} must be a string, number, boolean or list of strings`);
      }
    }
    return { id, values: values as number[], metadata: metadata as Record<string, unknown> | undefined };
  };

  const query = (body: Record<string, unknown>) => {
    if (body.filter !== undefined) throw invalid('filter: metadata filters are not implemented by this stand-in');
    const topK = body.topK;
    if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1 || topK > PINECONE_LIMITS.topK) throw invalid(`topK must be an integer from 1 to ${PINECONE_LIMITS.topK}`);
    const namespace = namespaceOf(body);
    const stored = space(namespace);
    let vector = body.vector;
    if (typeof body.id === 'string') vector = stored.get(body.id)?.values;
    if (!Array.isArray(vector)) throw invalid('query: a vector or the id of a stored vector is required');
    if (vector.length !== options.dimension) throw invalid(`Query vector dimension ${vector.length} does not match the dimension of the index ${options.dimension}`);
    const matches = [...stored.entries()]
      .map(([id, v]) => ({ id, score: cosine(vector as number[], v.values), v }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, topK)
      .map(({ id, score, v }) => ({
        id,
        score,
        values: body.includeValues === true ? v.values : [],
        ...(body.includeMetadata === true && v.metadata !== undefined ? { metadata: v.metadata } : {}),
      }));
    return { matches, namespace, usage: { readUnits: 1 } };
  };

  const remove = (body: Record<string, unknown>) => {
    if (body.filter !== undefined) throw invalid('filter: delete by metadata is not implemented by this stand-in');
    const target = space(namespaceOf(body));
    if (body.deleteAll === true) {
      const count = target.size;
      target.clear();
      return { body: {}, count };
    }
    const ids = body.ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((x) => typeof x === 'string')) throw invalid('ids: a non-empty list of ids is required');
    if (ids.length > PINECONE_LIMITS.idsPerRequest) throw invalid(`Delete request has ${ids.length} ids, over the maximum of ${PINECONE_LIMITS.idsPerRequest}`);
    for (const id of ids) target.delete(id);
    return { body: {}, count: ids.length };
  };

  const fetchVectors = (url: URL) => {
    const ids = url.searchParams.getAll('ids');
    if (ids.length === 0) throw invalid('ids: at least one id is required');
    if (ids.length > PINECONE_LIMITS.idsPerRequest) throw invalid(`Fetch request has ${ids.length} ids, over the maximum of ${PINECONE_LIMITS.idsPerRequest}`);
    const namespace = url.searchParams.get('namespace') ?? '';
    const stored = space(namespace);
    const vectors: Record<string, unknown> = {};
    for (const id of ids) {
      const v = stored.get(id);
      if (v) vectors[id] = { id, values: v.values, ...(v.metadata === undefined ? {} : { metadata: v.metadata }) };
    }
    return { vectors, namespace, usage: { readUnits: 1 } };
  };

  const stats = () => {
    const summary: Record<string, { vectorCount: number }> = {};
    let total = 0;
    for (const [name, vectors] of namespaces) {
      if (vectors.size === 0) continue;
      summary[name] = { vectorCount: vectors.size };
      total += vectors.size;
    }
    return { namespaces: summary, dimension: options.dimension, indexFullness: 0, totalVectorCount: total, metric: 'cosine', vectorType: 'dense' };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const seen = (status: number, count: number, bytes: number) => {
      const version = req.headers['x-pinecone-api-version'];
      requests.push({ method: req.method ?? '', path: new URL(req.url ?? '/', 'http://stand-in').pathname, apiVersion: Array.isArray(version) ? version[0] : version, bodyBytes: bytes, count, status });
    };
    handle(req).then(
      ({ status, body, count, bytes }) => {
        seen(status, count, bytes);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof Error ? error.message : String(error);
        seen(status, 0, Number(req.headers['content-length'] ?? 0));
        if (status === 401) res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
        else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: GRPC_CODE[status] ?? 2, message, details: [] }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) injected.push(status);
    },
    snapshot: (namespace) => new Map(space(namespace)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function namespaceOf(body: Record<string, unknown>): string {
  return typeof body.namespace === 'string' ? body.namespace : '';
}

function parseJson(raw: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw invalid('the request body must be a JSON object');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_BODY) throw invalid(`Request size exceeds ${MAX_BODY} bytes`);
    parts.push(part);
  }
  return Buffer.concat(parts);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
