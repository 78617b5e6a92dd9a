/**
 * What a store is, in one place (after Redpanda Connect's components: spec, defaults,
 * constructor and docs together). Each store's folder exports one `StoreDescriptor` from its
 * `index.ts`, and `sinks/registry.ts` lists them; configuration, `.env.example`, redaction,
 * worker assembly, the routing table, the audits, chaos and the pipeline bench iterate that list,
 * so adding a store is a folder and a registry line.
 *
 *     export const neo4jStore = defineStore({
 *       name: 'neo4j',                       // sub-topology sink:neo4j, SWITCHYARD_SINK_NEO4J_…
 *       title: 'Neo4j',                      // its column in the routing table
 *       config: neo4jConfig,                 // a ConfigSection: settings with descriptions, defaults, secrets
 *       sinkDefaults: { batchMaxRecords: 500, … },
 *       handlers: neo4jHandlers,             // Handlers<GraphFact>: every kind decided
 *       connect: (config) => neo4jSink(config),
 *       redact: (config) => ({ url: config.url, user: config.user, password: 'redacted' }),
 *       whereFrom: (config) => ({ variable: 'NEO4J_URL', value: config.url }),
 *       localServices: (config) => ({ neo4j: config.url }),
 *       audit: (sink, events) => auditNeo4j(sink, events),
 *       access: { openReader: openNeo4jReader, questions: neo4jQuestions },   // read side (access/)
 *       isolation: { env: (id) => ({ NEO4J_LABEL_PREFIX: … }), drop: (config) => … },
 *     });
 */
import type { EngEvent } from '../avro/generated/types.ts';
import type { AuditResult } from '../audit/result.ts';
import type { LocalService } from '../config/localStack.ts';
import type { ConnectionSetting } from '../config/connectionErrors.ts';
import type { ConfigSection, Plain } from '../config/spec.ts';
import type { AccessLimits, AnyQuestion } from '../access/question.ts';
import type { Handlers } from './handlers.ts';
import type { SinkSettings } from './settings.ts';
import type { Sink } from './sink.ts';


/** Told one thing an operator should know about a store's reader. */
export type ReaderWarning = (message: string) => void;

/** A store's read-only principal, opened for the access layer: never the sink's writer. */
export interface OpenReader<R> {
  readonly reader: R;
  /** Reads at once (default 8): the access layer queues more in front of it (PGlite: 1, one session). */
  readonly concurrency?: number;
  /** Resolves when the store answers as the reader (for /readyz and a store-down 503). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** How the access layer reads a store: its reader and its entries of the question catalogue. */
export interface StoreAccess<Config, R, Q extends readonly AnyQuestion[] = readonly AnyQuestion[]> {
  /**
   * Opens the read-only principal with per-request guards from `limits` (sinks/<store>/reader.ts);
   * opens nothing until used. `warn` is told what an operator should know about it (it reads as a
   * principal that can write, its server's limits are looser than ours), whenever that is learnt.
   */
  openReader(config: Config, limits: AccessLimits, warn: ReaderWarning): OpenReader<R>;
  /** Its questions (sinks/<store>/questions.ts); each reads only through `openReader`'s reader. */
  readonly questions: Q;
}

export interface StoreDescriptor<Name extends string = string, Config = unknown, S extends Sink = Sink, Row = unknown, A extends StoreAccess<Config, any> = StoreAccess<Config, any>> {
  /** Names the sub-topology (`sink:<name>`), its consumer group and its `SWITCHYARD_SINK_<NAME>_…` settings. */
  readonly name: Name;
  /** As people say it: its column in the routing table (its `.env.example` heading is `config.title`). */
  readonly title: string;
  /** Its connection settings, read and checked at start. */
  readonly config: ConfigSection<Config>;
  /** Its batch, retry, breaker and rate-limit defaults (each overridable as SWITCHYARD_SINK_<NAME>_<SETTING>). */
  readonly sinkDefaults: SinkSettings;
  /** What it does with each kind of event; the routing table is drawn from these. */
  readonly handlers: Handlers<Row>;
  /** Its sink; connects lazily (init), so building one opens nothing. */
  connect(config: Config): S;
  /** Its configuration as it may be logged: every secret replaced. */
  redact(config: Config): Readonly<Record<string, Plain>>;
  /** The setting that says where it is (`NEO4J_URL` and its value): a first connection that fails names it (worker/storeConnections.ts). */
  whereFrom(config: Config): ConnectionSetting;
  /** The addresses it points at, by local-stack service: `npm start` brings up the ones that are the stack's. */
  localServices(config: Config): Partial<Record<LocalService, string>>;
  /** Whether it holds each of `events` it accepts exactly once (after idempotency); for chaos. */
  audit(sink: S, events: readonly EngEvent[]): Promise<AuditResult>;
  /** How the access layer reads it (access/): a read-only principal and the questions it answers. */
  readonly access: A;
  /** A run's own corner of it (chaos, bench): the variables that move it there, and how to drop it afterwards. */
  readonly isolation: {
    env(runId: string): Readonly<Record<string, string>>;
    drop(config: Config): Promise<void>;
  };
}

/** Any store, as the registry holds them (their configs, sinks and rows differ). */
export type AnyStore = StoreDescriptor<string, any, any, any, any>;

/** Checks a descriptor and keeps its precise types (its name as a literal, its config and sink). */
export function defineStore<const Name extends string, Config, S extends Sink, Row, A extends StoreAccess<Config, any>>(descriptor: StoreDescriptor<Name, Config, S, Row, A>): StoreDescriptor<Name, Config, S, Row, A> {
  return descriptor;
}

/** The config type of a store. */
export type ConfigOf<D> = D extends StoreDescriptor<string, infer C, any, any, any> ? C : never;