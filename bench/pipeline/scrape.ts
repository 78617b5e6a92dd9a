/**
 * One scrape of the worker's `/metrics` over HTTP, as Prometheus would take it, cut down to what
 * shows the pipeline at work: consumer lag (the most-behind partitions), records written per sink,
 * records out of a few normalize nodes, and every breaker's state.
 */
export interface Scrape {
  /** The lines to print, grouped by metric. */
  readonly excerpt: readonly string[];
  readonly lagSeries: number;
  readonly maxLag: number;
  readonly breakerSeries: number;
  /** Breakers not closed (half-open or open). */
  readonly breakersNotClosed: number;
}

interface Sample {
  readonly line: string;
  readonly labels: string;
  readonly value: number;
}

function samplesOf(text: string, metric: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`))
    .map((line) => ({ line, labels: line.slice(metric.length, line.lastIndexOf('}') + 1), value: Number(line.slice(line.lastIndexOf(' ') + 1)) }));
}

export async function scrapeMetrics(url: string, lagLines = 6, normalizeNodes = 4): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  const text = await response.text();
  const lag = samplesOf(text, 'switchyard_consumer_lag');
  const written = samplesOf(text, 'switchyard_sink_write_records_total');
  const out = samplesOf(text, 'switchyard_records_out_total').filter((s) => s.labels.includes('sub_topology="normalize"'));
  const breakers = samplesOf(text, 'switchyard_breaker_state');
  const excerpt = [
    ...[...lag].sort((a, b) => b.value - a.value).slice(0, lagLines).map((s) => s.line),
    ...(lag.length > lagLines ? [`  … ${lag.length - lagLines} more switchyard_consumer_lag series`] : []),
    ...written.map((s) => s.line),
    ...out.slice(0, normalizeNodes).map((s) => s.line),
    ...breakers.map((s) => s.line),
  ];
  return {
    excerpt,
    lagSeries: lag.length,
    maxLag: Math.max(0, ...lag.map((s) => s.value)),
    breakerSeries: breakers.length,
    breakersNotClosed: breakers.filter((s) => s.value !== 0).length,
  };
}
