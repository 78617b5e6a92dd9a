/**
 * The actuator's configuration, from the environment, checked at start (STYLE.md 8): a wrong
 * value stops the worker with the variable's name and what it must be — a secret's value never
 * shown (config/spec.ts `Problems` redacts it).
 *
 * | variable | default | |
 * |---|---|---|
 * | JIRA_BASE_URL | (none) | `https://your-domain.atlassian.net` |
 * | JIRA_EMAIL + JIRA_API_TOKEN | (none) | basic auth with an API token; the token is secret |
 * | JIRA_OAUTH_TOKEN | (none) | OAuth 2.0 (3LO) bearer token instead; secret |
 * | JIRA_CLOUD_ID | (none) | with OAuth: calls go to `https://api.atlassian.com/ex/jira/<id>` |
 * | SLACK_BOT_TOKEN | (none) | `xoxb-…`, for chat.postMessage to each project's channel; secret |
 * | SLACK_WEBHOOK_URL | (none) | an incoming webhook instead (posts to its own channel only); secret |
 * | SLACK_API_URL | `https://slack.com/api/` | |
 * | SWITCHYARD_ACTUATOR_DRY_RUN | `auto` | `auto`: a target without credentials is dry-run; `true`: both are; `false`: missing credentials are an error |
 * | SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND | 5 | requests per second to the Jira site |
 * | SWITCHYARD_ACTUATOR_JIRA_CONCURRENCY | 4 | requests in flight to Jira |
 * | SWITCHYARD_ACTUATOR_SLACK_RATE_PER_CHANNEL | 1 | messages per second per channel |
 * | SWITCHYARD_ACTUATOR_SLACK_CONCURRENCY | 4 | requests in flight to Slack |
 * | SWITCHYARD_ACTUATOR_TIMEOUT_MS | 10000 | per request |
 * | SWITCHYARD_ACTUATOR_RETRY_MAX_ATTEMPTS | 8 | attempts before a retriable failure is dead-lettered; 0 retries forever |
 * | SWITCHYARD_ACTUATOR_RETRY_INITIAL_DELAY_MS | 500 | first backoff ceiling (exponential, full jitter) |
 * | SWITCHYARD_ACTUATOR_BREAKER_ERROR_PERCENT | 50 | failures in the rolling window that open a host's breaker |
 * | SWITCHYARD_ACTUATOR_BREAKER_VOLUME_THRESHOLD | 5 | calls seen before it may open |
 * | SWITCHYARD_ACTUATOR_BREAKER_RESET_MS | 30000 | open time before a trial call |
 * | SWITCHYARD_ACTUATOR_BATCH_MAX_RECORDS | 20 | commands handled together (different issues/channels run in parallel) |
 *
 * Rates: Slack documents chat.postMessage at about one message per second per channel; the gate
 * spaces requests 2 % wider than the configured rate (http/hostGate.ts), so 1 stays below it.
 * Jira Cloud documents a cost-based budget per site rather than one fixed rate and answers 429
 * with Retry-After when it is spent: 5/s keeps an automation's share small, and the gate waits
 * out every 429 for the whole host.
 */
import { z } from 'zod';
import { type ConfigSection, type Env, type Problems, readSection, type Setting, URL_KINDS, urlSetting } from '../config/spec.ts';

export type Mode = 'live' | 'dry-run';

export type JiraAuth = { readonly kind: 'basic'; readonly email: string; readonly apiToken: string } | { readonly kind: 'bearer'; readonly token: string };

export interface JiraConfig {
  readonly mode: Mode;
  /** Where REST calls go (the OAuth gateway URL when JIRA_CLOUD_ID is set); a placeholder in dry-run without one. */
  readonly baseUrl: string;
  /** Secret. Null in dry-run without credentials. */
  readonly auth: JiraAuth | null;
  readonly ratePerSecond: number;
  readonly maxConcurrent: number;
}

export interface SlackConfig {
  readonly mode: Mode;
  /** `bot`: chat.postMessage to the notification's channel; `webhook`: the webhook's channel. */
  readonly via: 'bot' | 'webhook';
  /** Secret. */
  readonly botToken: string | null;
  /** Secret: the URL is the credential. */
  readonly webhookUrl: string | null;
  readonly apiUrl: string;
  readonly ratePerChannel: number;
  readonly maxConcurrent: number;
}

export interface ActuatorConfig {
  readonly jira: JiraConfig;
  readonly slack: SlackConfig;
  readonly timeoutMs: number;
  readonly retryMaxAttempts: number;
  readonly retryInitialDelayMs: number;
  readonly breakerErrorPercent: number;
  readonly breakerVolumeThreshold: number;
  readonly breakerResetMs: number;
  readonly batchMaxRecords: number;
  /** Every secret value configured, for redact.ts. */
  readonly secrets: readonly string[];
}

/** Every variable, with its description, default and whether it is a secret (for .env.example and `loadConfig`). */
export const ACTUATOR_SETTINGS: readonly Setting[] = [
  { name: 'JIRA_BASE_URL', description: 'Your Jira Cloud site; without it (and credentials) Jira runs dry', example: 'https://your-domain.atlassian.net' },
  { name: 'JIRA_EMAIL', description: 'Account email for basic auth, with JIRA_API_TOKEN' },
  { name: 'JIRA_API_TOKEN', description: 'API token of that account', secret: true },
  { name: 'JIRA_OAUTH_TOKEN', description: 'OAuth 2.0 bearer token, instead of email + API token', secret: true },
  { name: 'JIRA_CLOUD_ID', description: 'Site id, for OAuth through the api.atlassian.com gateway' },
  { name: 'SLACK_BOT_TOKEN', description: 'Bot token for chat.postMessage (the channel comes from SLACK_CHANNELS); without it or a webhook Slack runs dry', secret: true },
  { name: 'SLACK_WEBHOOK_URL', description: 'Incoming webhook URL, instead of a bot token (posts to the webhook’s channel)', secret: true },
  { name: 'SLACK_API_URL', description: 'Slack Web API base URL', default: 'https://slack.com/api/' },
  { name: 'SWITCHYARD_ACTUATOR_DRY_RUN', description: 'auto: dry-run a target without credentials; true: always log instead of calling; false: refuse to start without them', default: 'auto' },
  { name: 'SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND', description: 'Most Jira requests per second (Jira budgets by cost per site; 429 Retry-After is honoured either way)', default: '5' },
  { name: 'SWITCHYARD_ACTUATOR_JIRA_CONCURRENCY', description: 'Jira requests at once', default: '4' },
  { name: 'SWITCHYARD_ACTUATOR_SLACK_RATE_PER_CHANNEL', description: 'Most Slack messages per second per channel (Slack documents about one)', default: '1' },
  { name: 'SWITCHYARD_ACTUATOR_SLACK_CONCURRENCY', description: 'Slack requests at once', default: '4' },
  { name: 'SWITCHYARD_ACTUATOR_TIMEOUT_MS', description: 'Time limit of one request, in ms', default: '10000' },
  { name: 'SWITCHYARD_ACTUATOR_RETRY_MAX_ATTEMPTS', description: 'Attempts per command on retriable failures (5xx, network errors, 429 past the gate\'s own waits, 401) before it is dead-lettered (0: until the host takes it)', default: '8' },
  { name: 'SWITCHYARD_ACTUATOR_RETRY_INITIAL_DELAY_MS', description: 'First retry delay ceiling in ms (exponential, full jitter)', default: '500' },
  { name: 'SWITCHYARD_ACTUATOR_BREAKER_ERROR_PERCENT', description: 'Failure percentage that opens a host’s breaker', default: '50' },
  { name: 'SWITCHYARD_ACTUATOR_BREAKER_VOLUME_THRESHOLD', description: 'Calls seen before the breaker may open', default: '5' },
  { name: 'SWITCHYARD_ACTUATOR_BREAKER_RESET_MS', description: 'How long an open breaker waits before a trial call, in ms', default: '30000' },
  { name: 'SWITCHYARD_ACTUATOR_BATCH_MAX_RECORDS', description: 'Commands taken at once per target (different issues and channels run side by side)', default: '20' },
];

/** Base URL shown in dry-run logs when no site is configured. */
export const PLACEHOLDER_JIRA_URL = 'https://your-domain.atlassian.net';

const optional = z.string().trim().optional().transform((v) => (v === '' ? undefined : v));
const httpsUrl = (example: string) => urlSetting(URL_KINDS.http, example);
const count = (min: number, max: number) => z.coerce.number<string | undefined>({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const rate = z.coerce.number<string | undefined>({ error: 'must be a number' }).positive('must be above 0').max(1000, 'must be at most 1000');

const schema = z.object({
  JIRA_BASE_URL: optional.pipe(httpsUrl('https://your-domain.atlassian.net').optional()),
  JIRA_EMAIL: optional,
  JIRA_API_TOKEN: optional,
  JIRA_OAUTH_TOKEN: optional,
  JIRA_CLOUD_ID: optional.pipe(z.string().regex(/^[0-9a-fA-F-]{8,64}$/, 'must be the site id Atlassian gives (a UUID)').optional()),
  SLACK_BOT_TOKEN: optional.pipe(z.string().regex(/^xox[bp]-/, 'must be a bot token (xoxb-…)').optional()),
  SLACK_WEBHOOK_URL: optional.pipe(httpsUrl('https://hooks.slack.com/services/…').optional()),
  SLACK_API_URL: optional.pipe(httpsUrl('https://slack.com/api/').optional()),
  SWITCHYARD_ACTUATOR_DRY_RUN: optional.pipe(z.enum(['auto', 'true', 'false'], { error: 'must be auto, true or false' }).optional()),
  SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND: optional.pipe(rate.optional()),
  SWITCHYARD_ACTUATOR_JIRA_CONCURRENCY: optional.pipe(count(1, 64).optional()),
  SWITCHYARD_ACTUATOR_SLACK_RATE_PER_CHANNEL: optional.pipe(rate.optional()),
  SWITCHYARD_ACTUATOR_SLACK_CONCURRENCY: optional.pipe(count(1, 64).optional()),
  SWITCHYARD_ACTUATOR_TIMEOUT_MS: optional.pipe(count(100, 300_000).optional()),
  SWITCHYARD_ACTUATOR_RETRY_MAX_ATTEMPTS: optional.pipe(count(0, 1000).optional()),
  SWITCHYARD_ACTUATOR_RETRY_INITIAL_DELAY_MS: optional.pipe(count(1, 600_000).optional()),
  SWITCHYARD_ACTUATOR_BREAKER_ERROR_PERCENT: optional.pipe(count(1, 100).optional()),
  SWITCHYARD_ACTUATOR_BREAKER_VOLUME_THRESHOLD: optional.pipe(count(1, 10_000).optional()),
  SWITCHYARD_ACTUATOR_BREAKER_RESET_MS: optional.pipe(count(100, 3_600_000).optional()),
  SWITCHYARD_ACTUATOR_BATCH_MAX_RECORDS: optional.pipe(count(1, 1000).optional()),
});

/** The actuator's section of the configuration: every bad variable becomes a problem naming it. */
export const actuatorConfig: ConfigSection<ActuatorConfig> = {
  title: 'Upstream: Jira and Slack (the actuator)',
  settings: ACTUATOR_SETTINGS,
  read: readActuatorConfig,
};

/** Reads and checks the configuration alone; throws a ConfigError naming every bad variable. */
export function loadActuatorConfig(env: Env = process.env): ActuatorConfig {
  return readSection(actuatorConfig, env);
}

function readActuatorConfig(env: Env, problems: Problems): ActuatorConfig | undefined {
  const parsed = schema.safeParse(Object.fromEntries(Object.keys(schema.shape).map((name) => [name, env[name]])));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.add(String(issue.path[0]), issue.message, env[String(issue.path[0])]);
    return undefined;
  }
  const e = parsed.data;
  const before = problems.list.length;
  const dryRun = e.SWITCHYARD_ACTUATOR_DRY_RUN ?? 'auto';

  if (e.JIRA_EMAIL !== undefined && e.JIRA_API_TOKEN === undefined) problems.add('JIRA_API_TOKEN', 'must be set with JIRA_EMAIL');
  if (e.JIRA_API_TOKEN !== undefined && e.JIRA_EMAIL === undefined) problems.add('JIRA_EMAIL', 'must be set with JIRA_API_TOKEN');
  if (e.JIRA_OAUTH_TOKEN !== undefined && e.JIRA_API_TOKEN !== undefined) problems.add('JIRA_OAUTH_TOKEN', 'must not be set with JIRA_API_TOKEN: set one way to authenticate');
  if (e.JIRA_CLOUD_ID !== undefined && e.JIRA_OAUTH_TOKEN === undefined) problems.add('JIRA_CLOUD_ID', 'is only used with JIRA_OAUTH_TOKEN');
  const jiraAuth: JiraAuth | null =
    e.JIRA_OAUTH_TOKEN !== undefined ? { kind: 'bearer', token: e.JIRA_OAUTH_TOKEN } : e.JIRA_EMAIL !== undefined && e.JIRA_API_TOKEN !== undefined ? { kind: 'basic', email: e.JIRA_EMAIL, apiToken: e.JIRA_API_TOKEN } : null;
  const jiraBase = e.JIRA_CLOUD_ID !== undefined ? `https://api.atlassian.com/ex/jira/${e.JIRA_CLOUD_ID}` : e.JIRA_BASE_URL;
  if (jiraAuth !== null && jiraBase === undefined) problems.add('JIRA_BASE_URL', 'must be set with Jira credentials (or JIRA_CLOUD_ID with JIRA_OAUTH_TOKEN)');
  if (e.SLACK_BOT_TOKEN !== undefined && e.SLACK_WEBHOOK_URL !== undefined) problems.add('SLACK_WEBHOOK_URL', 'must not be set with SLACK_BOT_TOKEN: set one way to post');
  const jiraLive = jiraAuth !== null && jiraBase !== undefined;
  const slackLive = e.SLACK_BOT_TOKEN !== undefined || e.SLACK_WEBHOOK_URL !== undefined;
  if (dryRun === 'false' && !jiraLive) problems.add('JIRA_BASE_URL', 'must be set, with JIRA_EMAIL + JIRA_API_TOKEN (or JIRA_OAUTH_TOKEN), when SWITCHYARD_ACTUATOR_DRY_RUN=false');
  if (dryRun === 'false' && !slackLive) problems.add('SLACK_BOT_TOKEN', 'must be set (or SLACK_WEBHOOK_URL) when SWITCHYARD_ACTUATOR_DRY_RUN=false');
  if (problems.list.length > before) return undefined;

  const secrets = [e.JIRA_API_TOKEN, e.JIRA_OAUTH_TOKEN, e.SLACK_BOT_TOKEN, e.SLACK_WEBHOOK_URL].filter((s): s is string => s !== undefined);
  if (jiraAuth?.kind === 'basic') secrets.push(Buffer.from(`${jiraAuth.email}:${jiraAuth.apiToken}`).toString('base64'));
  return {
    jira: {
      mode: jiraLive && dryRun !== 'true' ? 'live' : 'dry-run',
      baseUrl: (jiraBase ?? PLACEHOLDER_JIRA_URL).replace(/\/+$/, ''),
      auth: jiraAuth,
      ratePerSecond: e.SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND ?? 5,
      maxConcurrent: e.SWITCHYARD_ACTUATOR_JIRA_CONCURRENCY ?? 4,
    },
    slack: {
      mode: slackLive && dryRun !== 'true' ? 'live' : 'dry-run',
      via: e.SLACK_WEBHOOK_URL !== undefined ? 'webhook' : 'bot',
      botToken: e.SLACK_BOT_TOKEN ?? null,
      webhookUrl: e.SLACK_WEBHOOK_URL ?? null,
      apiUrl: e.SLACK_API_URL ?? 'https://slack.com/api/',
      ratePerChannel: e.SWITCHYARD_ACTUATOR_SLACK_RATE_PER_CHANNEL ?? 1,
      maxConcurrent: e.SWITCHYARD_ACTUATOR_SLACK_CONCURRENCY ?? 4,
    },
    timeoutMs: e.SWITCHYARD_ACTUATOR_TIMEOUT_MS ?? 10_000,
    retryMaxAttempts: e.SWITCHYARD_ACTUATOR_RETRY_MAX_ATTEMPTS ?? 8,
    retryInitialDelayMs: e.SWITCHYARD_ACTUATOR_RETRY_INITIAL_DELAY_MS ?? 500,
    breakerErrorPercent: e.SWITCHYARD_ACTUATOR_BREAKER_ERROR_PERCENT ?? 50,
    breakerVolumeThreshold: e.SWITCHYARD_ACTUATOR_BREAKER_VOLUME_THRESHOLD ?? 5,
    breakerResetMs: e.SWITCHYARD_ACTUATOR_BREAKER_RESET_MS ?? 30_000,
    batchMaxRecords: e.SWITCHYARD_ACTUATOR_BATCH_MAX_RECORDS ?? 20,
    secrets,
  };
}
