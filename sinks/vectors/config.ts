/**
 * The vector sink's configuration, from the environment, validated at start (STYLE.md 8): every
 * error names the variable and what it must be. Each setting has a description and a default;
 * secrets are marked so they are never logged.
 *
 * Choices made here, and why:
 * - VECTOR_STORE defaults to pinecone when PINECONE_API_KEY is set, else pgvector (self-hosted).
 * - EMBEDDINGS defaults to openai when OPENAI_API_KEY is set, else the offline lexical embedder;
 *   the reason is kept for the sink's health detail, so nobody mistakes lexical for semantic.
 * - PGVECTOR_URL: config/localStack.ts fills in the local stack's pgvector when it is unset, as it
 *   does POSTGRES_URL; called directly (tests), it may stay unset.
 * - PGVECTOR_POOL_MAX defaults to 1: the local stack's pgvector is PGlite, one backend session that
 *   clients take turns on, so a second connection would only wait. A real PostgreSQL with pgvector
 *   (Aurora, pgvector/pgvector in Docker) can take more.
 */
import { z } from 'zod';
import type { Setting } from '../../config/spec.ts';

/** The spec, for `describe`, the README and a config dump that masks secrets. */
export const VECTOR_SETTINGS: readonly Setting[] = [
  { name: 'VECTOR_STORE', description: 'Which vector store to write: pinecone or pgvector.', default: 'pinecone when PINECONE_API_KEY is set, else pgvector' },
  { name: 'PINECONE_API_KEY', description: 'Pinecone API key (data plane and Inference).', secret: true },
  { name: 'PINECONE_INDEX', description: 'Pinecone index name; it must exist with the embedder’s dimension and the cosine metric.', default: 'engineering-intelligence' },
  { name: 'PINECONE_INDEX_HOST', description: 'The index’s data-plane host; looked up from PINECONE_INDEX when absent.', example: 'https://engineering-intelligence-abc123.svc.us-east-1.pinecone.io' },
  { name: 'PGVECTOR_URL', description: 'PostgreSQL URL of the database with pgvector; unset, the local stack’s (port SWITCHYARD_PGVECTOR_PORT).', default: 'postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable', secret: true },
  { name: 'PGVECTOR_TABLE_PREFIX', description: 'Put before each namespace’s table name (vectors_developer_profiles…), so deployments share one database apart.', default: 'vectors_' },
  { name: 'PGVECTOR_POOL_MAX', description: 'Connections the pgvector store opens. 1 suits the local stack’s PGlite (one session, clients take turns); a real PostgreSQL can take more.', default: '1' },
  { name: 'EMBEDDINGS', description: 'Embedding provider: lexical (offline, shared words only), openai or pinecone.', default: 'openai when OPENAI_API_KEY is set, else lexical' },
  { name: 'EMBEDDINGS_MODEL', description: 'Model of the provider.', default: 'text-embedding-3-small (openai), llama-text-embed-v2 (pinecone)' },
  { name: 'EMBEDDINGS_DIMENSION', description: 'Vector dimension; the index or table must have it.', default: '384 (lexical), 1536 (openai), 1024 (pinecone)' },
  { name: 'OPENAI_API_KEY', description: 'OpenAI API key, for EMBEDDINGS=openai.', secret: true },
];

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const env = z.object({
  VECTOR_STORE: z.enum(['pinecone', 'pgvector']).optional(),
  PINECONE_API_KEY: optionalText,
  PINECONE_INDEX: z.string().trim().regex(/^[a-z0-9-]{1,45}$/, 'must be lower-case letters, digits and hyphens, at most 45').default('engineering-intelligence'),
  PINECONE_INDEX_HOST: z.url({ protocol: /^https?$/ }).optional(),
  PGVECTOR_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PGVECTOR_TABLE_PREFIX: z.string().regex(/^[a-z_][a-z0-9_]{0,30}$/, 'must be lower-case letters, digits and _ (at most 31), not starting with a digit').default('vectors_'),
  PGVECTOR_POOL_MAX: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(1),
  EMBEDDINGS: z.enum(['lexical', 'openai', 'pinecone']).optional(),
  EMBEDDINGS_MODEL: optionalText,
  EMBEDDINGS_DIMENSION: z.coerce.number().int().min(2).max(20_000).optional(),
  OPENAI_API_KEY: optionalText,
});

export interface VectorConfig {
  readonly store: { readonly kind: 'pinecone'; readonly apiKey: string; readonly index: string; readonly indexHost?: string } | { readonly kind: 'pgvector'; readonly url: string | undefined; readonly poolMax: number; readonly tablePrefix: string };
  readonly embeddings: {
    readonly provider: 'lexical' | 'openai' | 'pinecone';
    /** Why this provider, for health output. */
    readonly reason: string;
    readonly model?: string;
    readonly dimension?: number;
    readonly apiKey?: string;
  };
}

export class VectorConfigError extends Error {
  override readonly name = 'VectorConfigError';
}

/**
 * Reads the configuration; throws a VectorConfigError listing every bad variable. PGVECTOR_URL is
 * not required here, since tests hand the pgvector store an in-process database; `requireUrl`
 * makes it so for a worker.
 */
export function vectorConfigFrom(source: Readonly<Record<string, string | undefined>>, { requireUrl = false } = {}): VectorConfig {
  const parsed = env.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    throw new VectorConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`).join('; '));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const storeKind = e.VECTOR_STORE ?? (e.PINECONE_API_KEY ? 'pinecone' : 'pgvector');
  if (storeKind === 'pinecone' && !e.PINECONE_API_KEY) problems.push('PINECONE_API_KEY: required when VECTOR_STORE=pinecone');
  if (storeKind === 'pgvector' && requireUrl && !e.PGVECTOR_URL) problems.push('PGVECTOR_URL: required when VECTOR_STORE=pgvector (a postgres:// URL)');

  const provider = e.EMBEDDINGS ?? (e.OPENAI_API_KEY ? 'openai' : 'lexical');
  const reason = e.EMBEDDINGS ? `EMBEDDINGS=${e.EMBEDDINGS}` : e.OPENAI_API_KEY ? 'OPENAI_API_KEY is set' : 'no embedding provider configured: the offline lexical default';
  if (provider === 'openai' && !e.OPENAI_API_KEY) problems.push('OPENAI_API_KEY: required when EMBEDDINGS=openai');
  if (provider === 'pinecone' && !e.PINECONE_API_KEY) problems.push('PINECONE_API_KEY: required when EMBEDDINGS=pinecone (Pinecone Inference)');
  if (provider === 'lexical' && e.EMBEDDINGS_MODEL) problems.push('EMBEDDINGS_MODEL: the lexical embedder has no models; unset it or choose EMBEDDINGS=openai|pinecone');
  if (problems.length > 0) throw new VectorConfigError(problems.join('; '));

  const apiKey = provider === 'openai' ? e.OPENAI_API_KEY : provider === 'pinecone' ? e.PINECONE_API_KEY : undefined;
  return {
    store:
      storeKind === 'pinecone'
        ? { kind: 'pinecone', apiKey: e.PINECONE_API_KEY!, index: e.PINECONE_INDEX, ...(e.PINECONE_INDEX_HOST === undefined ? {} : { indexHost: e.PINECONE_INDEX_HOST }) }
        : { kind: 'pgvector', url: e.PGVECTOR_URL, poolMax: e.PGVECTOR_POOL_MAX, tablePrefix: e.PGVECTOR_TABLE_PREFIX },
    embeddings: {
      provider,
      reason,
      ...(e.EMBEDDINGS_MODEL === undefined ? {} : { model: e.EMBEDDINGS_MODEL }),
      ...(e.EMBEDDINGS_DIMENSION === undefined ? {} : { dimension: e.EMBEDDINGS_DIMENSION }),
      ...(apiKey === undefined ? {} : { apiKey }),
    },
  };
}

/** The configuration with secrets masked, for logs. */
export function describeVectorConfig(config: VectorConfig): string {
  const store = config.store.kind === 'pinecone' ? `pinecone index ${config.store.index}${config.store.indexHost ? ` at ${config.store.indexHost}` : ''}` : `pgvector${config.store.url ? ' (PGVECTOR_URL ***)' : ''}, pool ${config.store.poolMax}`;
  return `${store}; embeddings ${config.embeddings.provider}${config.embeddings.model ? ` ${config.embeddings.model}` : ''} (${config.embeddings.reason})`;
}
