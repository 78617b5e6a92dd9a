/**
 * The vector store's configuration section, read and checked at start (STYLE.md 8): every bad
 * variable a problem naming it and what it must be. Each setting has a description and a default;
 * secrets are marked so they are never logged.
 *
 * Choices made here, and why:
 * - VECTOR_STORE defaults to pinecone when PINECONE_API_KEY is set, else pgvector (self-hosted).
 * - EMBEDDINGS defaults to openai when OPENAI_API_KEY is set, else the offline lexical embedder;
 *   the reason is kept for the sink's health detail, so nobody mistakes lexical for semantic.
 * - PGVECTOR_URL defaults to the local stack's pgvector (config/endpoints.ts, following
 *   SWITCHYARD_PGVECTOR_PORT), as POSTGRES_URL defaults to its PostgreSQL.
 * - PGVECTOR_POOL_MAX defaults to 1: the local stack's pgvector is PGlite, one backend session that
 *   clients take turns on, so a second connection would only wait. A real PostgreSQL with pgvector
 *   (Aurora, pgvector/pgvector in Docker) can take more.
 */
import { z } from 'zod';
import { localStack } from '../../config/endpoints.ts';
import { readSection, REDACTED, valueOf, type ConfigSection, type Env, type Setting, type Plain, URL_KINDS, urlSetting } from '../../config/spec.ts';
import { addressOf } from '../sink.ts';

export interface VectorConfig {
  readonly store: { readonly kind: 'pinecone'; readonly apiKey: string; readonly index: string; readonly indexHost?: string; /** The access layer's ReadOnly key (reader.ts); absent: it reads with `apiKey`. */ readonly readerApiKey?: string } | { readonly kind: 'pgvector'; readonly url: string; readonly poolMax: number; readonly tablePrefix: string };
  readonly embeddings: {
    readonly provider: 'lexical' | 'openai' | 'pinecone';
    /** Why this provider, for health output. */
    readonly reason: string;
    readonly model?: string;
    readonly dimension?: number;
    readonly apiKey?: string;
  };
}

const DEFAULT_INDEX = 'engineering-intelligence';
const DEFAULT_TABLE_PREFIX = 'vectors_';

const SETTINGS: readonly Setting[] = [
  { name: 'VECTOR_STORE', description: 'Which vector store to write: pinecone or pgvector', default: 'pinecone when PINECONE_API_KEY is set, else pgvector' },
  { name: 'PINECONE_API_KEY', description: 'Pinecone API key (data plane and Inference)', secret: true },
  {
    name: 'PINECONE_READER_API_KEY',
    description: "Pinecone API key the access layer (switchyard serve) queries with: make it with the ReadOnly data-plane permission (query, fetch, list, stats). Unset, it queries with PINECONE_API_KEY, which can write, and says so at open (Starter plans can only make All keys)",
    secret: true,
  },
  { name: 'PINECONE_INDEX', description: 'Pinecone index name; it must exist with the embedder’s dimension and the cosine metric', default: DEFAULT_INDEX },
  { name: 'PINECONE_INDEX_HOST', description: 'The index’s data-plane host; looked up from PINECONE_INDEX when absent', example: 'https://engineering-intelligence-abc123.svc.us-east-1.pinecone.io' },
  { name: 'PGVECTOR_URL', description: 'PostgreSQL URL of the database with pgvector, for VECTOR_STORE=pgvector', default: localStack.pgvector.url, secret: 'password' },
  { name: 'PGVECTOR_TABLE_PREFIX', description: 'Put before each namespace’s table name (vectors_developer_profiles…), so deployments share one database apart', default: DEFAULT_TABLE_PREFIX },
  { name: 'PGVECTOR_POOL_MAX', description: 'Connections the pgvector store opens: 1 suits the local stack’s PGlite (one session, clients take turns); a real PostgreSQL can take more', default: '1' },
  { name: 'EMBEDDINGS', description: 'Embedding provider: lexical (offline, shared words only), openai or pinecone', default: 'openai when OPENAI_API_KEY is set, else lexical' },
  { name: 'EMBEDDINGS_MODEL', description: 'Model of the provider', default: 'text-embedding-3-small (openai), llama-text-embed-v2 (pinecone)' },
  { name: 'EMBEDDINGS_DIMENSION', description: 'Vector dimension; the index or table must have it', default: '384 (lexical), 1536 (openai), 1024 (pinecone)' },
  { name: 'OPENAI_API_KEY', description: 'OpenAI API key, for EMBEDDINGS=openai', secret: true },
];

const storeKind = z.enum(['pinecone', 'pgvector'], { error: 'must be pinecone or pgvector' });
const indexName = z.string().regex(/^[a-z0-9-]{1,45}$/, 'must be lower-case letters, digits and hyphens, at most 45');
const indexHost = urlSetting(URL_KINDS.http);
const pgvectorUrl = urlSetting(URL_KINDS.postgres);
const tablePrefix = z.string().regex(/^[a-z_][a-z0-9_]{0,30}$/, 'must be lower-case letters, digits and _ (at most 31), not starting with a digit');
const poolMax = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100');
const provider = z.enum(['lexical', 'openai', 'pinecone'], { error: 'must be lexical, openai or pinecone' });
const dimension = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(2, 'must be at least 2').max(20_000, 'must be at most 20000');
const text = z.string();

export const vectorConfig: ConfigSection<VectorConfig> = {
  title: 'Vectors (Pinecone or pgvector)',
  settings: SETTINGS,
  read(env, problems) {
    const before = problems.list.length;
    const pineconeKey = valueOf(env, 'PINECONE_API_KEY');
    const readerKey = valueOf(env, 'PINECONE_READER_API_KEY');
    const openAiKey = valueOf(env, 'OPENAI_API_KEY');
    const chosenStore = problems.read(env, 'VECTOR_STORE', storeKind);
    const index = problems.read(env, 'PINECONE_INDEX', indexName, DEFAULT_INDEX);
    const host = problems.read(env, 'PINECONE_INDEX_HOST', indexHost);
    const url = problems.read(env, 'PGVECTOR_URL', pgvectorUrl, localStack.pgvector.url);
    const prefix = problems.read(env, 'PGVECTOR_TABLE_PREFIX', tablePrefix, DEFAULT_TABLE_PREFIX);
    const pool = problems.read(env, 'PGVECTOR_POOL_MAX', poolMax, '1');
    const chosenProvider = problems.read(env, 'EMBEDDINGS', provider);
    const model = problems.read(env, 'EMBEDDINGS_MODEL', text);
    const dim = problems.read(env, 'EMBEDDINGS_DIMENSION', dimension);

    const kind = chosenStore ?? (pineconeKey ? 'pinecone' : 'pgvector');
    if (kind === 'pinecone' && !pineconeKey) problems.add('PINECONE_API_KEY', 'required when VECTOR_STORE=pinecone');
    // A reader key with pgvector would be ignored: say so rather than let someone believe reads are keyed.
    if (kind === 'pgvector' && readerKey) problems.add('PINECONE_READER_API_KEY', 'is for VECTOR_STORE=pinecone; pgvector reads through PGVECTOR_URL');
    const embeddings = chosenProvider ?? (openAiKey ? 'openai' : 'lexical');
    const reason = chosenProvider ? `EMBEDDINGS=${chosenProvider}` : openAiKey ? 'OPENAI_API_KEY is set' : 'no embedding provider configured: the offline lexical default';
    if (embeddings === 'openai' && !openAiKey) problems.add('OPENAI_API_KEY', 'required when EMBEDDINGS=openai');
    if (embeddings === 'pinecone' && !pineconeKey) problems.add('PINECONE_API_KEY', 'required when EMBEDDINGS=pinecone (Pinecone Inference)');
    if (embeddings === 'lexical' && model) problems.add('EMBEDDINGS_MODEL', 'the lexical embedder has no models; unset it or choose EMBEDDINGS=openai|pinecone', model);
    if (problems.list.length > before || index === undefined || url === undefined || prefix === undefined || pool === undefined) return undefined;

    const apiKey = embeddings === 'openai' ? openAiKey : embeddings === 'pinecone' ? pineconeKey : undefined;
    return {
      store: kind === 'pinecone' ? { kind, apiKey: pineconeKey!, index, ...(host === undefined ? {} : { indexHost: host }), ...(readerKey ? { readerApiKey: readerKey } : {}) } : { kind, url, poolMax: pool, tablePrefix: prefix },
      embeddings: {
        provider: embeddings,
        reason,
        ...(model === undefined ? {} : { model }),
        ...(dim === undefined ? {} : { dimension: dim }),
        ...(apiKey === undefined ? {} : { apiKey }),
      },
    };
  },
};

/** The section read alone (tests, one-purpose commands); a ConfigError lists every bad variable. */
export const loadVectorConfig = (env: Env = process.env): VectorConfig => readSection(vectorConfig, env);

/** The configuration as it may be logged: keys replaced, the pgvector URL without credentials. */
export function redactedVectorConfig(config: VectorConfig): Readonly<Record<string, Plain>> {
  const { store, embeddings } = config;
  const where = store.kind === 'pinecone' ? { index: store.index, indexHost: store.indexHost, apiKey: REDACTED, readerApiKey: store.readerApiKey === undefined ? undefined : REDACTED } : { url: addressOf(store.url), tablePrefix: store.tablePrefix, poolMax: store.poolMax };
  return {
    store: store.kind,
    ...where,
    embeddings: embeddings.provider,
    embeddingsReason: embeddings.reason,
    embeddingsModel: embeddings.model,
    embeddingsDimension: embeddings.dimension,
    embeddingsApiKey: embeddings.apiKey === undefined ? undefined : REDACTED,
  };
}
