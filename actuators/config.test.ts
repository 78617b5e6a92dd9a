import { describe, expect, it } from 'vitest';
import { loadActuatorConfig } from './config.ts';
import { redact, redactHeaders } from './redact.ts';

describe('loadActuatorConfig', () => {
  it('is dry-run for a target without credentials, with rates below the documented limits', () => {
    const config = loadActuatorConfig({});
    expect(config.jira).toMatchObject({ mode: 'dry-run', auth: null, ratePerSecond: 5 });
    expect(config.slack).toMatchObject({ mode: 'dry-run', ratePerChannel: 1 });
  });

  it('goes live per target with credentials: email + API token, OAuth with a cloud id, bot token or webhook', () => {
    const basic = loadActuatorConfig({ JIRA_BASE_URL: 'https://acme.atlassian.net/', JIRA_EMAIL: 'bot@acme.com', JIRA_API_TOKEN: 'tok-12345', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });
    expect(basic.jira).toMatchObject({ mode: 'live', baseUrl: 'https://acme.atlassian.net', auth: { kind: 'basic' } });
    expect(basic.slack).toMatchObject({ mode: 'live', via: 'bot' });
    expect(basic.secrets).toEqual(expect.arrayContaining(['tok-12345', 'xoxb-1-2-abc', Buffer.from('bot@acme.com:tok-12345').toString('base64')]));
    const oauth = loadActuatorConfig({ JIRA_OAUTH_TOKEN: 'oauth-abcdef', JIRA_CLOUD_ID: '11223344-aaaa-bbbb-cccc-556677889900', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T1/B1/xyz' });
    expect(oauth.jira).toMatchObject({ mode: 'live', baseUrl: 'https://api.atlassian.com/ex/jira/11223344-aaaa-bbbb-cccc-556677889900', auth: { kind: 'bearer' } });
    expect(oauth.slack).toMatchObject({ mode: 'live', via: 'webhook' });
    expect(loadActuatorConfig({ SWITCHYARD_ACTUATOR_DRY_RUN: 'true', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }).slack.mode).toBe('dry-run');
  });

  it('names each bad variable and never echoes a secret', () => {
    const attempt = () =>
      loadActuatorConfig({ JIRA_EMAIL: 'bot@acme.com', SLACK_BOT_TOKEN: 'not-a-token-secret', SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND: '0', SWITCHYARD_ACTUATOR_DRY_RUN: 'maybe' });
    expect(attempt).toThrow(/SLACK_BOT_TOKEN: must be a bot token/);
    expect(attempt).toThrow(/SWITCHYARD_ACTUATOR_JIRA_RATE_PER_SECOND: must be above 0/);
    expect(attempt).toThrow(/SWITCHYARD_ACTUATOR_DRY_RUN: must be auto, true or false/);
    expect(() => attempt()).not.toThrow(/not-a-token-secret/);
    expect(() => loadActuatorConfig({ JIRA_EMAIL: 'bot@acme.com' })).toThrow(/JIRA_API_TOKEN: must be set with JIRA_EMAIL/);
    expect(() => loadActuatorConfig({ JIRA_EMAIL: 'a@b.c', JIRA_API_TOKEN: 'tok-12345' })).toThrow(/JIRA_BASE_URL: must be set/);
    expect(() => loadActuatorConfig({ SWITCHYARD_ACTUATOR_DRY_RUN: 'false' })).toThrow(/SLACK_BOT_TOKEN: must be set \(or SLACK_WEBHOOK_URL\) when SWITCHYARD_ACTUATOR_DRY_RUN=false/);
  });
});

describe('redact', () => {
  it('removes known secrets and credential-shaped text', () => {
    expect(redact('token tok-12345 in the body', ['tok-12345'])).toBe('token [redacted] in the body');
    expect(redact('auth xoxb-1-2-abcdef here')).toBe('auth [redacted] here');
    expect(redact('POST https://hooks.slack.com/services/T1/B2/s3cr3t')).toBe('POST https://hooks.slack.com/services/[redacted]');
    expect(redact('Authorization: Bearer abcdefghijkl')).toBe('Authorization: Bearer [redacted]');
    expect(redactHeaders({ Authorization: 'Basic Ym90OnRvaw==', Accept: 'application/json' })).toEqual({ Authorization: 'Basic [redacted]', Accept: 'application/json' });
  });
});
