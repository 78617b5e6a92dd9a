/**
 * The vector store, as one descriptor (sinks/store.ts): developer profiles and project docs,
 * embedded, in Pinecone or pgvector. Named `pinecone` after the guide's column (sub-topology and
 * consumer group `sink:pinecone`), whichever of the two it writes. See README.md.
 */
import { defineStore } from '../store.ts';
import { vectorQuestions } from './questions.ts';
import { openVectorReader } from './reader.ts';
import { auditVectors } from './audit.ts';
import { redactedVectorConfig, vectorConfig } from './config.ts';
import { vectorSinkFromConfig } from './connect.ts';
import { dropTables } from './drop.ts';
import { vectorHandlers } from './handlers.ts';

export const vectorStore = defineStore({
  name: 'pinecone',
  title: 'Pinecone',
  config: vectorConfig,
  // 500 events fold into a few dozen profiles, far below Pinecone's 1,000 vectors / 2 MB per upsert
  // (which the sink chunks to anyway); 5 writes/s stays clear of its request-rate limits.
  sinkDefaults: { batchMaxRecords: 500, batchMaxWaitMs: 1_000, retryMaxAttempts: 0, retryInitialDelayMs: 500, breakerErrorPercent: 50, breakerVolumeThreshold: 3, breakerResetMs: 15_000, rateLimitPerSecond: 5, isolateAttempts: 5 },
  handlers: vectorHandlers,
  connect: vectorSinkFromConfig,
  redact: redactedVectorConfig,
  whereFrom: ({ store }) =>
    store.kind === 'pgvector' ? { variable: 'PGVECTOR_URL', value: store.url } : store.indexHost !== undefined ? { variable: 'PINECONE_INDEX_HOST', value: store.indexHost } : { variable: 'PINECONE_INDEX', value: store.index },
  localServices: (config) => (config.store.kind === 'pgvector' ? { pgvector: config.store.url } : {}),
  audit: (sink, events) => auditVectors(sink, events),
  access: { openReader: openVectorReader, questions: vectorQuestions },
  isolation: {
    // Never a configured Pinecone index: a run writes tens of thousands of events and removes them.
    env: (runId) => ({ PGVECTOR_TABLE_PREFIX: `${runId}_`, VECTOR_STORE: 'pgvector' }),
    drop: dropTables,
  },
});
