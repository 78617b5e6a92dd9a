/**
 * The capability operators get to hold back the source, instead of reaching into Kafka (like
 * kafkajs hands `pause` to eachBatch rather than the consumer). Each caller names its reason; a
 * partition fetches again only when no reason holds it and its in-flight bound has room.
 */
export interface FlowControl {
  /** Stop fetching every partition of this sub-topology until {@link resume} with the same reason. */
  pause(reason: string): void;
  resume(reason: string): void;
}

/** For operators used outside a topology: pausing is a no-op and memory is the caller's business. */
export const noFlowControl: FlowControl = { pause() {}, resume() {} };
