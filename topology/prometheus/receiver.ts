/**
 * Alertmanager's notifications at `POST /webhooks/alertmanager` (a `webhook_config` receiver):
 * proven by the Authorization its `http_config` sends (a bearer token, or basic auth), since
 * Alertmanager signs nothing. It names no event and sends no id: every notification is
 * `alerts`, and its id is made up from a digest of the body, so a notification Alertmanager
 * sends again unchanged (after a failed attempt, or each repeat_interval) has the same id.
 */
import { madeUpDeliveryId, type Receiver } from '../receiver.ts';
import { PROMETHEUS_EVENT_NAMES } from './webhooks.ts';

export const alertmanagerReceiver: Receiver = {
  route: 'alertmanager',
  label: 'Alertmanager',
  proof: { kind: 'authorization' },
  secretIs: 'bearer:TOKEN or basic:USER:PASSWORD, as its http_config sends',
  keptHeaders: [],
  read({ body, text }) {
    const o = body as { version?: unknown; alerts?: unknown } | null;
    if (typeof o !== 'object' || o === null || !Array.isArray(o.alerts)) return { reason: 'alerts is missing: an Alertmanager notification carries its alerts there' };
    return { eventName: PROMETHEUS_EVENT_NAMES.alerts, deliveryId: madeUpDeliveryId('alertmanager', text) };
  },
};
