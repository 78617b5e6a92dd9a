/**
 * The Neo4j store, as one descriptor (sinks/store.ts): the collaboration graph of who contributes
 * where, who reviews whom, issues, documents and the organization. See README.md.
 */
import { defineStore } from '../store.ts';
import { neo4jQuestions } from './questions.ts';
import { openNeo4jReader } from './reader.ts';
import { auditNeo4j } from './audit.ts';
import { neo4jConfig, redactedNeo4jConfig } from './config.ts';
import { dropLabelled } from './drop.ts';
import { neo4jHandlers } from './handlers.ts';
import { neo4jSink } from './sink.ts';

export const neo4jStore = defineStore({
  name: 'neo4j',
  title: 'Neo4j',
  config: neo4jConfig,
  // One write transaction per batch, a few UNWINDs whatever its size: moderate batches, no rate limit.
  sinkDefaults: { batchMaxRecords: 500, batchMaxWaitMs: 200, retryMaxAttempts: 0, retryInitialDelayMs: 200, breakerErrorPercent: 50, breakerVolumeThreshold: 5, breakerResetMs: 10_000, rateLimitPerSecond: 0, isolateAttempts: 5 },
  handlers: neo4jHandlers,
  connect: (config) => neo4jSink(config),
  redact: redactedNeo4jConfig,
  whereFrom: (config) => ({ variable: 'NEO4J_URL', value: config.url }),
  localServices: (config) => ({ neo4j: config.url }),
  audit: (sink, events) => auditNeo4j(sink, events),
  access: { openReader: openNeo4jReader, questions: neo4jQuestions },
  isolation: {
    // Capitalised, as labels are: a run `chaos1a2b` writes Chaos1a2b_Developer….
    env: (runId) => ({ NEO4J_LABEL_PREFIX: `${runId[0]!.toUpperCase()}${runId.slice(1)}_` }),
    drop: dropLabelled,
  },
});
