/**
 * GitHub's deliveries at `POST /webhooks/github`: signed with the webhook's secret in
 * X-Hub-Signature-256; the event in X-GitHub-Event, the delivery's GUID in X-GitHub-Delivery
 * (the same on a redelivery). A `ping` is a delivery like any other (its normalizer skips it).
 */
import { deliveryIdOr, EVENT_NAME, type Receiver } from '../receiver.ts';

export const githubReceiver: Receiver = {
  route: 'github',
  label: 'GitHub',
  proof: { kind: 'hmac-sha256', header: 'x-hub-signature-256' },
  secretIs: "the webhook's secret",
  keptHeaders: ['x-github-event', 'x-github-delivery', 'x-github-hook-id', 'x-github-hook-installation-target-type', 'x-github-hook-installation-target-id'],
  read({ headers, text }) {
    const eventName = headers['x-github-event'];
    if (eventName === undefined) return { reason: 'X-GitHub-Event is missing: GitHub names the event in that header' };
    if (!EVENT_NAME.test(eventName)) return { reason: `X-GitHub-Event "${eventName.slice(0, 64)}" is not an event name` };
    return { eventName, deliveryId: deliveryIdOr(headers['x-github-delivery'], 'github', text) };
  },
};
