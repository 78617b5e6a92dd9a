/**
 * Jira Cloud's admin webhooks at `POST /webhooks/jira`: with a secret, signed in X-Hub-Signature
 * (`sha256=…`, the WebSub form); the event in the body's `webhookEvent`, the delivery's id in
 * X-Atlassian-Webhook-Identifier (the same on each of Jira's retries, which say their number in
 * X-Atlassian-Webhook-Retry).
 */
import { textAt } from '../jsonAt.ts';
import { deliveryIdOr, EVENT_NAME, type Receiver } from '../receiver.ts';

export const jiraReceiver: Receiver = {
  route: 'jira',
  label: 'Jira',
  proof: { kind: 'hmac-sha256', header: 'x-hub-signature' },
  secretIs: "the admin webhook's secret",
  keptHeaders: ['x-atlassian-webhook-identifier', 'x-atlassian-webhook-retry', 'x-atlassian-webhook-flow'],
  read({ headers, body, text }) {
    const eventName = textAt(body, 'webhookEvent');
    if (eventName === undefined) return { reason: 'webhookEvent is missing: a Jira webhook names its event there' };
    if (!EVENT_NAME.test(eventName)) return { reason: `webhookEvent "${eventName.slice(0, 64)}" is not an event name` };
    return { eventName, deliveryId: deliveryIdOr(headers['x-atlassian-webhook-identifier'], 'jira', text) };
  },
};
