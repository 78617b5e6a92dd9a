/**
 * The running topology's metrics, fed by the operators through their Instrumentation seam
 * (`operators/instrumentation.ts`): pass `prometheusInstrumentation()` as
 * `RunOptions.instrumentation`. The sub-topologies' own counters (skipped webhooks, the
 * actuator's outcomes) come through the same seam, by name ({@link COUNTERS}).
 *
 * Records in and out are counted per record, so the meter only adds to two numbers; the
 * counters take the difference when Prometheus scrapes (prom-client's own `inc` hashes the
 * labels on every call, too slow for every record). Batches and writes are rarer and go to
 * their histograms directly.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import { type BreakerState, type Counter as NamedCounter, type Instrumentation, type MeteredNode, type NodeMeter, knownCounters } from '../operators/instrumentation.ts';
import { actuatorActions, countSkipped, deadLettered, registry } from './registry.ts';

type NodeLabels = { sub_topology: string; node: string };

/** A per-record count and what its counter already holds. */
interface Tally {
  total: number;
  scraped: number;
}

interface Cell {
  readonly labels: NodeLabels;
  readonly in: Tally;
  readonly out: Tally;
  meter?: NodeMeter;
}

const cells = new Map<string, Cell>();

/** A counter that, when scraped, adds what each node's `side` tally gained since the last scrape. */
function recordsCounter(name: string, help: string, side: 'in' | 'out'): Counter<keyof NodeLabels> {
  const counter: Counter<keyof NodeLabels> = new Counter({
    name,
    help,
    labelNames: ['sub_topology', 'node'] as const,
    registers: [registry],
    collect: () => {
      for (const { labels, [side]: tally } of cells.values()) {
        if (tally.total > tally.scraped) counter.inc(labels, tally.total - tally.scraped);
        tally.scraped = tally.total;
      }
    },
  });
  return counter;
}

export const recordsIn = recordsCounter(
  'switchyard_records_in_total',
  "Records that entered a node of a sub-topology (what its parents emitted; a source: what it consumed). Batches count their records",
  'in',
);

export const recordsOut = recordsCounter(
  'switchyard_records_out_total',
  'Records a node of a sub-topology emitted (a guard: the failures it gave up on; a to: the records it produced). Batches count their records',
  'out',
);

export const batchSize = new Histogram({
  name: 'switchyard_batch_size_records',
  help: 'Records per batch emitted by a batch node',
  labelNames: ['sub_topology', 'node'] as const,
  buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
  registers: [registry],
});

export const sinkWriteDuration = new Histogram({
  name: 'switchyard_sink_write_duration_seconds',
  help: "Duration of one sink write call by a guard node, by outcome (ok; partial: some records failed; error: the call failed; rejected: the breaker was open)",
  labelNames: ['sub_topology', 'node', 'outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const sinkWriteRecords = new Counter({
  name: 'switchyard_sink_write_records_total',
  help: 'Records of the sink write calls of a guard node, by outcome: ok and partial, the records written (a partly failed call counts only what it wrote); error and rejected, the records of calls that wrote nothing',
  labelNames: ['sub_topology', 'node', 'outcome'] as const,
  registers: [registry],
});

const breakerValue: Record<BreakerState, number> = { closed: 0, halfOpen: 1, open: 2 };

export const breakerState = new Gauge({
  name: 'switchyard_breaker_state',
  help: 'Circuit breaker state of a guard node: 0 closed (writing), 1 half-open (trying one write), 2 open (not writing; the source is paused)',
  labelNames: ['sub_topology', 'node'] as const,
  registers: [registry],
});

/**
 * The operators' Instrumentation, reporting to Switchyard's registry. Counters of a node live as
 * long as the process, so a restarted sub-topology goes on counting where it stopped.
 */
export function prometheusInstrumentation(): Instrumentation {
  return { node: meterFor, counter: knownCounters(COUNTERS) };
}

/**
 * The counters sub-topologies ask for by name (`Instrumentation.counter`; another name throws
 * when the pipeline is built), and the metric each feeds. A label a metric does not have is left
 * out rather than thrown on: a meter never throws.
 */
const COUNTERS: ReadonlyMap<string, NamedCounter> = new Map([
  // topology/normalize.ts: a webhook whose event or action no store uses.
  ['events_skipped', { inc: ({ source = 'unknown', event = 'unknown' }) => countSkipped(source, event) }],
  // actuators/subTopology.ts: what became of a Jira command or Slack notification.
  ['actuator_actions', { inc: ({ target = 'unknown', outcome = 'unknown' }) => actuatorActions.inc({ target, outcome }) }],
]);

function meterFor(subTopology: string, node: MeteredNode): NodeMeter {
  const key = `${subTopology}\u0000${node.name}`;
  let cell = cells.get(key);
  if (cell === undefined) {
    const labels = { sub_topology: subTopology, node: node.name };
    cell = { labels, in: { total: 0, scraped: 0 }, out: { total: 0, scraped: 0 } };
    cells.set(key, cell);
    // Every node shows from the first scrape, at zero, so a rate() has a start.
    recordsIn.inc(labels, 0);
    recordsOut.inc(labels, 0);
    if (node.kind === 'batch') batchSize.zero(labels);
  }
  cell.meter ??= meterOf(cell);
  return cell.meter;
}

function meterOf(cell: Cell): NodeMeter {
  const { labels } = cell;
  const batches = batchSize.labels(labels);
  const breaker = breakerState.labels(labels);
  return {
    recordsIn: (count) => void (cell.in.total += count),
    recordsOut: (count) => void (cell.out.total += count),
    batchSize: (records) => batches.observe(records),
    write: (ms, outcome, records) => {
      const write = { ...labels, outcome };
      sinkWriteDuration.observe(write, ms / 1000);
      sinkWriteRecords.inc(write, records);
    },
    breakerState: (state) => breaker.set(breakerValue[state]),
    deadLettered: (stage, errorClass) => deadLettered.inc({ stage, error_class: errorClass }),
  };
}
