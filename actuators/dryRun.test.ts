import { describe, expect, it } from 'vitest';
import type { Codec } from '../avro/codec.ts';
import { connectActuator } from './connect.ts';
import { memoryLedger } from './ledger.ts';
import { comment, notification, transition } from './testing/commands.ts';

const secrets = { apiToken: 'jira-api-token-SECRET-7f3a', botToken: 'xoxb-42-42-slackBotSECRET' };
const stubCodec = { prepare: async () => {} } as unknown as Codec;

const recorder = () => {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const log = (fields: object, message: string) => void lines.push({ fields: fields as Record<string, unknown>, message });
  return { lines, logger: { info: log, warn: log } };
};

describe('dry-run', () => {
  it('logs the exact requests it would send, with every secret redacted, and sends nothing', async () => {
    const { lines, logger } = recorder();
    const ledger = memoryLedger();
    const env = { SWITCHYARD_ACTUATOR_DRY_RUN: 'true', JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_EMAIL: 'bot@acme.com', JIRA_API_TOKEN: secrets.apiToken, SLACK_BOT_TOKEN: secrets.botToken };
    const connected = await connectActuator(env, { codec: stubCodec, logger, ledger });
    expect(connected.describe()).toMatchObject({ jira: 'dry-run', slack: 'dry-run' });

    expect(await connected.actuator.jira(comment('PROJ-123'))).toBe('dry-run');
    expect(await connected.actuator.jira(transition('PROJ-123', 'in-review'))).toBe('dry-run');
    expect(await connected.actuator.slack(notification('#proj-eng'))).toBe('dry-run');
    await connected.close();

    const requests = lines.map((l) => l.fields.request as { method: string; url: string; headers: Record<string, string>; body: string | null });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST https://acme.atlassian.net/rest/api/3/issue/PROJ-123/comment',
      'GET https://acme.atlassian.net/rest/api/3/issue/PROJ-123/transitions',
      'POST https://acme.atlassian.net/rest/api/3/issue/PROJ-123/transitions',
      'POST https://slack.com/api/chat.postMessage',
    ]);
    expect(requests[0]!.headers.authorization).toBe('Basic [redacted]');
    expect(JSON.parse(requests[0]!.body!)).toMatchObject({ body: { type: 'doc', version: 1 }, properties: [{ key: 'switchyard', value: { commandId: comment('PROJ-123').commandId } }] });
    expect(requests[2]!.body).toContain('<id of the transition named \\"in-review\\">');
    expect(requests[3]!.headers.authorization).toBe('Bearer [redacted]');
    expect(new URLSearchParams(requests[3]!.body!).get('channel')).toBe('#proj-eng');

    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(secrets.apiToken);
    expect(everything).not.toContain(secrets.botToken);
    expect(everything).not.toContain(Buffer.from(`bot@acme.com:${secrets.apiToken}`).toString('base64'));
    // Dry-run leaves the ledger alone, so commands replayed after going live (offsets reset) are performed once.
    expect(ledger.rows.size).toBe(0);
  });
});
