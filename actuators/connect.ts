/**
 * The one factory the worker calls: reads the configuration (config.ts), builds the ledger in
 * PostgreSQL (POSTGRES_URL / POSTGRES_SCHEMA, as the PostgreSQL sink), a host gate and a client
 * per target (or a dry-run client that logs what it would send), and hands back the
 * sub-topology spec, `init()` and `close()`.
 *
 * Nothing connects to PostgreSQL here: `init()` does, before the sub-topology (re)starts (the
 * supervisor's `prepare`), so a PostgreSQL down while the worker starts is the actuator waiting
 * with backoff while the other sub-topologies run, not a worker that exits.
 *
 * @example
 * const actuator = await connectActuator(process.env, { codec, logger });
 * await actuator.init(); // retried with backoff by the supervisor while PostgreSQL is down
 * builder.subTopology('actuator', actuator.subTopology());
 * // on shutdown, after the topology stopped:
 * await actuator.close();
 */
import type { Codec } from '../avro/codec.ts';
import type { SubTopologySpec } from '../operators/index.ts';
import { loadPostgresConfig } from '../sinks/postgres/config.ts';
import { classifyPostgresError } from '../sinks/postgres/errors.ts';
import { addressOf } from '../sinks/sink.ts';
import { type Actuator, actuator, jiraPerformer, slackPerformer } from './actuate.ts';
import { type ActuatorConfig, loadActuatorConfig } from './config.ts';
import { type ActuatorLogger, dryRunFetch } from './http/dryRun.ts';
import { type HostGate, hostGate } from './http/hostGate.ts';
import { JiraClient } from './jira/client.ts';
import { type Ledger, openPostgresLedger } from './ledger.ts';
import { slackPoster } from './slack/poster.ts';
import { actuatorSubTopology, type ActuatorTopics } from './subTopology.ts';

export interface ConnectActuatorOptions {
  readonly codec: Codec;
  readonly logger: ActuatorLogger;
  /** Default: PostgreSQL from POSTGRES_URL / POSTGRES_SCHEMA. Tests pass memoryLedger(). */
  readonly ledger?: Ledger;
}

export interface ConnectedActuator {
  readonly config: ActuatorConfig;
  readonly actuator: Actuator;
  /** The `actuator` sub-topology; topics and group default to the logical ones. */
  subTopology(overrides?: { readonly topics?: ActuatorTopics; readonly groupId?: string }): SubTopologySpec;
  /** What the log should say at start: each target's mode, never a secret. */
  describe(): Record<string, string | number>;
  /** Connects the ledger and applies its migrations (once; again after a failure): call before the sub-topology runs. */
  init(): Promise<void>;
  /** Stops the gates and closes the ledger; call after the topology stopped. */
  close(): Promise<void>;
}

export async function connectActuator(env: Readonly<Record<string, string | undefined>>, options: ConnectActuatorOptions): Promise<ConnectedActuator> {
  const config = loadActuatorConfig(env);
  await options.codec.prepare(['switchyard.dlq']);
  const { logger } = options;
  const { secrets } = config;
  const gates: HostGate[] = [];
  const gate = (name: string, ratePerSecond: number, maxConcurrent: number, keyOf?: (url: URL, init: RequestInit | undefined) => string) => {
    const g = hostGate({ name, ratePerSecond, maxConcurrent, timeoutMs: config.timeoutMs, ...(keyOf ? { keyOf } : {}), onRateLimited: (waitMs, url) => logger.warn({ target: name, waitMs, path: url.pathname.startsWith('/services/') ? '/services/[redacted]' : url.pathname }, `${name} answered 429: pausing the host`) });
    gates.push(g);
    return g.fetch;
  };

  const jiraFetch = config.jira.mode === 'live' ? gate('jira', config.jira.ratePerSecond, config.jira.maxConcurrent) : dryRunFetch({ target: 'jira', logger, secrets, respond: jiraDryRunAnswer });
  const jira = new JiraClient({ baseUrl: config.jira.baseUrl, auth: config.jira.auth, fetch: jiraFetch, secrets });

  const slackFetch = config.slack.mode === 'live' ? gate('slack', config.slack.ratePerChannel, config.slack.maxConcurrent, slackChannelOf) : dryRunFetch({ target: 'slack', logger, secrets, respond: slackDryRunAnswer });
  const poster = slackPoster({ via: config.slack.via, botToken: config.slack.botToken, webhookUrl: config.slack.webhookUrl, apiUrl: config.slack.apiUrl, fetch: slackFetch, secrets });

  const postgres = options.ledger === undefined ? loadPostgresConfig(env) : undefined;
  const ledger: Ledger & { init?(): Promise<void> } = options.ledger ?? openPostgresLedger({ url: postgres!.url, schema: postgres!.schema });
  const act = actuator(ledger, { mode: config.jira.mode, perform: jiraPerformer(jira, config.jira.mode === 'dry-run') }, { mode: config.slack.mode, perform: slackPerformer(poster) });

  return {
    config,
    actuator: act,
    subTopology: (overrides = {}) => actuatorSubTopology({ actuator: act, codec: options.codec, settings: config, ...overrides }),
    describe: () => ({
      jira: config.jira.mode === 'live' ? `live, ${new URL(config.jira.baseUrl).host}, ${config.jira.auth?.kind} auth` : 'dry-run',
      jiraRatePerSecond: config.jira.ratePerSecond,
      slack: config.slack.mode === 'live' ? `live, ${config.slack.via === 'bot' ? 'chat.postMessage' : 'incoming webhook'}` : 'dry-run',
      slackRatePerChannel: config.slack.ratePerChannel,
    }),
    init: async () => {
      try {
        await ledger.init?.();
      } catch (error) {
        // Says which variable to check; retriable: the supervisor tries again with backoff.
        throw classifyPostgresError(error, `connect and migrations of the actuator's ledger (POSTGRES_URL ${addressOf(postgres?.url ?? '')}, schema ${postgres?.schema ?? '?'})`);
      }
    },
    close: async () => {
      await Promise.all(gates.map((g) => g.stop()));
      await ledger.close();
    },
  };
}

/** Which Slack channel a request posts to, so each channel gets its own spacing. */
export function slackChannelOf(_url: URL, init: RequestInit | undefined): string {
  const body = typeof init?.body === 'string' ? init.body : '';
  const form = new URLSearchParams(body).get('channel');
  if (form !== null) return form;
  try {
    const channel = (JSON.parse(body) as { channel?: unknown }).channel;
    return typeof channel === 'string' ? channel : 'webhook';
  } catch {
    return 'webhook';
  }
}

/** Dry-run answers: just enough for the clients to carry on (perform.ts skips the transition lookup in dry-run). */
function jiraDryRunAnswer(url: URL, init: RequestInit | undefined): Response {
  const method = init?.method ?? 'GET';
  if (method === 'GET' && url.pathname.endsWith('/transitions')) return Response.json({ transitions: [] });
  if (method === 'POST' && url.pathname.endsWith('/transitions')) return new Response(null, { status: 204 });
  return Response.json({ id: 'dry-run' }, { status: 201 });
}

function slackDryRunAnswer(_url: URL, init: RequestInit | undefined): Response {
  const channel = slackChannelOf(_url, init);
  return Response.json({ ok: true, channel, ts: '0000000000.000000', messages: [] });
}

