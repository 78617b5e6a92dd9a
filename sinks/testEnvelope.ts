/**
 * The EngEvent envelope the sinks' hand-built test events share, as a normalizer would fill it:
 * the source is the type's first word, the delivery id follows the event id, and `extra` sets
 * what the event has of actor, repository and project (or another delivery id).
 *
 *     envelope('github.commit.pushed', 'github:commit:acme/x:a1', at, payload, { actor, repository: 'acme/x' })
 */
import type { EngEvent, EngEventOf } from '../avro/generated/types.ts';

export const envelope = <T extends EngEvent['type'], P>(type: T, eventId: string, occurredAt: number, payload: P, extra: Partial<EngEventOf<T, P>> = {}): EngEventOf<T, P> => ({
  eventId,
  type,
  occurredAt,
  source: type.split('.')[0]!,
  actor: null,
  repository: null,
  projectKey: null,
  deliveryId: `delivery-${eventId}`,
  payload,
  ...extra,
});
