/**
 * How the runner tells a {@link PartitionMeter} which partitions its source holds back and why,
 * without the source knowing: it sits between the source and its consumer (the calls `stream`
 * makes to pause and resume are the truth of what is paused) and between the operators and the
 * source's FlowControl (the reasons they hold). A partition paused while an operator holds the
 * flow is paused for that reason; otherwise its in-flight bound is full, i.e. a record taken
 * from it does not finish.
 *
 * Pauses while the sub-topology stops are not reported: stopping pauses every partition on
 * purpose.
 */
import type { FlowControl } from './flowControl.ts';
import type { PartitionMeter } from './instrumentation.ts';
import type { ConsumerPort } from './kafka/port.ts';
import { type TopicPartition, tpKey } from './record.ts';

export interface PauseReport {
  /** `consumer`, reporting what the source pauses and resumes, what is revoked and the disconnect. */
  consumer(consumer: ConsumerPort): ConsumerPort;
  /** `flow`, remembering which reasons the operators hold. */
  flow(flow: FlowControl): FlowControl;
  /** The sub-topology is stopping: what is paused ends as `stopped`, later pauses are not reported. */
  stopping(): void;
}

/**
 * @param bound Why a partition no operator holds is paused: its in-flight bound, e.g.
 *   "1000 records taken and not finished".
 */
export function pauseReport(meter: PartitionMeter, bound: (tp: TopicPartition) => string): PauseReport {
  const paused = new Map<string, TopicPartition>();
  const held = new Set<string>();
  let stopped = false;
  const reasonOf = (tp: TopicPartition) => () => (held.size > 0 ? `held by ${[...held].join(', ')}` : bound(tp));
  const end = (tps: Iterable<TopicPartition>, how: 'resumed' | 'revoked' | 'stopped') => {
    for (const tp of tps) if (paused.delete(tpKey(tp))) meter.ended(tp, how);
  };
  const endAll = () => end([...paused.values()], 'stopped');

  return {
    consumer: (consumer) => ({
      connect: () => consumer.connect(),
      subscribe: (options) => consumer.subscribe(options),
      run: (handlers) =>
        consumer.run({
          ...handlers,
          onRevoked: (tps) => {
            end(tps, 'revoked');
            return handlers.onRevoked(tps);
          },
        }),
      pause: (tps) => {
        consumer.pause(tps);
        if (stopped) return;
        for (const tp of tps) {
          const key = tpKey(tp);
          if (paused.has(key)) continue;
          paused.set(key, tp);
          meter.paused(tp, reasonOf(tp));
        }
      },
      resume: (tps) => {
        consumer.resume(tps);
        end(tps, 'resumed');
      },
      commitOffsets: (offsets) => consumer.commitOffsets(offsets),
      stop: () => consumer.stop(),
      disconnect: () => {
        stopped = true;
        endAll();
        return consumer.disconnect();
      },
    }),
    flow: (flow) => ({
      pause: (reason) => {
        held.add(reason);
        flow.pause(reason);
      },
      resume: (reason) => {
        held.delete(reason);
        flow.resume(reason);
      },
    }),
    stopping: () => {
      stopped = true;
      endAll();
    },
  };
}
