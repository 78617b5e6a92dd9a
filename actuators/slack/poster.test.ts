import { afterEach, describe, expect, it } from 'vitest';
import { startSlackStandIn, type SlackStandIn } from '../../test/support/slackStandIn.ts';
import { notification } from '../testing/commands.ts';
import { isChannelId, slackPoster } from './poster.ts';

const botToken = 'xoxb-111-222-standInBotToken';
let slack: SlackStandIn;
afterEach(() => slack?.close());

const start = async () => (slack = await startSlackStandIn({ botToken, channels: { '#proj-eng': 'C0PROJENG1' }, channelIntervalMs: 0 }));
const bot = (token = botToken) => slackPoster({ via: 'bot', botToken: token, webhookUrl: null, apiUrl: `${slack.url}/api/`, fetch: (u, i) => fetch(u, i), secrets: [token] });

describe('slackPoster against the Slack stand-in', () => {
  it('posts with chat.postMessage, with the notification id as message metadata, and finds it in the history', async () => {
    await start();
    const n = notification('#proj-eng', 1);
    expect(await bot().post(n)).toMatchObject({ channel: 'C0PROJENG1' });
    expect(slack.messages).toEqual([expect.objectContaining({ channel: 'C0PROJENG1', text: n.text, metadata: { event_type: 'switchyard_notification', event_payload: { notification_id: n.notificationId } } })]);
    expect(await bot().findPosted({ ...n, channel: 'C0PROJENG1' })).toMatchObject({ channel: 'C0PROJENG1' });
    expect(await bot().findPosted({ ...notification('C0PROJENG1', 2) })).toBeNull();
    expect(await bot().findPosted(n)).toBe('unknown');
  });

  it("turns Slack's ok:false into a permanent error, except the ones a retry cures", async () => {
    await start();
    await expect(bot().post(notification('#nowhere'))).rejects.toMatchObject({ status: 200, retriable: false, applied: 'no', message: expect.stringContaining('channel_not_found') });
    // Credentials: every message fails alike until they are fixed, so retried (the breaker opens), never dead-lettered.
    const wrong = bot('xoxb-999-wrongToken');
    await expect(wrong.post(notification('#proj-eng'))).rejects.toMatchObject({ retriable: true, applied: 'no', message: expect.stringContaining('invalid_auth') });
    for (const code of ['not_authed', 'token_revoked', 'token_expired', 'account_inactive']) {
      slack.inject(1, { status: 200, body: `{"ok":false,"error":"${code}"}` });
      await expect(bot().post(notification('#proj-eng'))).rejects.toMatchObject({ retriable: true, applied: 'no', message: expect.stringContaining(code) });
    }
    // Slack's own trouble may have posted part of the call: retried, with the claim kept so the retry looks first.
    for (const code of ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']) {
      slack.inject(1, { status: 200, body: `{"ok":false,"error":"${code}"}` });
      await expect(bot().post(notification('#proj-eng'))).rejects.toMatchObject({ retriable: true, applied: 'maybe', message: expect.stringContaining(code) });
    }
    slack.inject(1, { status: 503, body: 'upstream down' });
    await expect(bot().post(notification('#proj-eng'))).rejects.toMatchObject({ status: 503, retriable: true, applied: 'maybe' });
  });

  it('posts through an incoming webhook; a 4xx is permanent without showing the webhook secret', async () => {
    await start();
    const hook = (url: string) => slackPoster({ via: 'webhook', botToken: null, webhookUrl: url, apiUrl: '', fetch: (u, i) => fetch(u, i), secrets: [url] });
    await hook(slack.webhookUrl).post(notification('#ignored'));
    expect(slack.messages).toEqual([expect.objectContaining({ via: 'webhook' })]);
    const bad = `${slack.url}/services/T000/B000/notTheSecret`;
    const error = await hook(bad).post(notification('#x')).catch((e: Error) => e);
    expect(error).toMatchObject({ status: 404, retriable: false });
    expect((error as Error).message).not.toContain('notTheSecret');
  });

  it('knows channel ids from names', () => {
    expect(isChannelId('C0PROJENG1')).toBe(true);
    expect(isChannelId('#proj-eng')).toBe(false);
  });
});
