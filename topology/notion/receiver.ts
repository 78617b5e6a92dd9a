/**
 * Notion's webhook events at `POST /webhooks/notion`: signed in X-Notion-Signature (`sha256=…`)
 * with the subscription's verification token; the event in the body's `type`, its id in `id`
 * (the same on Notion's retries). Before the first event, Notion sends the token itself, once,
 * unsigned (`{"verification_token": "secret_…"}`): the operator pastes it back into Notion to
 * verify the subscription, and configures it as the secret.
 */
import { textAt } from '../jsonAt.ts';
import { DELIVERY_ID, EVENT_NAME, type Receiver } from '../receiver.ts';

export const notionReceiver: Receiver = {
  route: 'notion',
  label: 'Notion',
  proof: { kind: 'hmac-sha256', header: 'x-notion-signature' },
  secretIs: "the subscription's verification token",
  keptHeaders: [],
  handshake(body) {
    const token = textAt(body, 'verification_token');
    return token !== undefined && Object.keys(body as object).length === 1 ? token : undefined;
  },
  read({ body }) {
    const eventName = textAt(body, 'type');
    if (eventName === undefined) return { reason: 'type is missing: a Notion event names itself there' };
    if (!EVENT_NAME.test(eventName)) return { reason: `type "${eventName.slice(0, 64)}" is not an event name` };
    const deliveryId = textAt(body, 'id');
    if (deliveryId === undefined || !DELIVERY_ID.test(deliveryId)) return { reason: 'id is missing or not an id: every Notion event has one (a UUID)' };
    return { eventName, deliveryId };
  },
};
