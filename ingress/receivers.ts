/**
 * Every receiver of the ingress: those the sources declare (`Normalizer.receivers`), in their
 * order. Nothing here names a sender.
 */
import type { Receiver } from '../topology/receiver.ts';
import { SOURCES } from '../topology/sources.ts';

export const RECEIVERS: readonly Receiver[] = SOURCES.flatMap((source) => source.receivers);

/** The receiver at `route`, if any. */
export const receiverAt = (route: string, receivers: readonly Receiver[] = RECEIVERS): Receiver | undefined => receivers.find((r) => r.route === route);
