/**
 * A Prometheus HTTP API query response (eventName `query_result`; the JSON of `/api/v1/query` or
 * `/api/v1/query_range`, see README.md) → one `metric.sampled` event per sample: a
 * `vector` has one sample per series (`value`), a `matrix` several (`values`).
 *
 * Sample values arrive as strings, because JSON has no NaN or infinities; they are read as
 * Prometheus writes them, `NaN`, `+Inf` and `-Inf` included. Times are Unix seconds with a
 * fraction, read to the millisecond. A series needs its metric name (`__name__`); an expression
 * that drops it (`rate(x[5m])`) must name its result (a recording rule, `label_replace`).
 *
 * Skipped rather than read: a failed query (status `error`), a `scalar` or `string` result (no
 * series, no name), and native histogram samples (`histogram`, `histograms`), which a
 * MetricSample's one number cannot hold.
 *
 * Id: `prometheus.metric.sampled:<name>{<labels sorted by name>}:<time in epoch ms>`. A series is
 * its name and label set, and it has at most one sample per millisecond, so the same sample
 * queried twice (overlapping ranges, a replay) gets the same id.
 */
import { z } from 'zod';
import type { EngEvent, MetricSample, RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, skipped, type Outcome } from '../normalizer.ts';
import { parseBody, parseValue } from '../payload.ts';
import { unixSecondsMillis } from './time.ts';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A sample value as Prometheus formats it (Go's float formatting); undefined if it is none. */
export function parseSampleValue(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  if (/^nan$/i.test(text)) return Number.NaN;
  const infinity = /^([+-]?)inf(?:inity)?$/i.exec(text);
  if (infinity !== null) return infinity[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

const sampleValue = z.string().transform((text, context) => {
  const value = parseSampleValue(text);
  if (value === undefined) {
    context.addIssue({ code: 'custom', message: `not a Prometheus sample value: ${JSON.stringify(text)}`, input: text });
    return z.NEVER;
  }
  return value;
});

/** `[ <unix_time>, "<sample_value>" ]` as `[epoch ms, value]`. */
const sample = z.tuple([unixSecondsMillis, sampleValue]);

const metric = z.record(z.string(), z.string()).refine((labels) => Object.hasOwn(labels, '__name__'), {
  path: ['__name__'],
  message: 'a series needs its metric name (__name__)',
});

const envelope = z.looseObject({
  status: z.string(),
  errorType: z.string().nullish(),
  error: z.string().nullish(),
  data: z.looseObject({ resultType: z.string() }).nullish(),
});

/** A series of a `vector`: one sample, or a native histogram instead. */
const vector = z.looseObject({
  data: z.looseObject({
    result: z.array(
      z.looseObject({ metric, value: sample.optional(), histogram: z.unknown().optional() }).superRefine((series, context) => {
        if (series.value === undefined && series.histogram === undefined) context.addIssue({ code: 'custom', path: ['value'], message: 'a vector series needs a value', input: series });
      }),
    ),
  }),
});

/** A series of a `matrix`: samples, native histograms, or both. */
const matrix = z.looseObject({
  data: z.looseObject({
    result: z.array(
      z.looseObject({ metric, values: z.array(sample).optional(), histograms: z.unknown().optional() }).superRefine((series, context) => {
        if (series.values === undefined && series.histograms === undefined) context.addIssue({ code: 'custom', path: ['values'], message: 'a matrix series needs values', input: series });
      }),
    ),
  }),
});

/** `up{instance="localhost:9090",job="prometheus"}`: the series in Prometheus' notation, labels sorted. */
function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((label) => `${label}=${JSON.stringify(labels[label])}`);
  return `${name}{${pairs.join(',')}}`;
}

function sampled(webhook: RawWebhook, labelSet: Readonly<Record<string, string>>, samples: readonly (readonly [number, number])[]): EngEvent[] {
  const { __name__: name, ...labels } = labelSet;
  const series = seriesKey(name!, labels);
  return samples.map(([timestamp, value]) => {
    const payload: MetricSample = { name: name!, labels, value, timestamp };
    return engEvent(webhook, { type: 'metric.sampled', naturalKey: [series, timestamp], occurredAt: timestamp, source: 'prometheus', actor: null, payload });
  });
}

export function queryResult(webhook: RawWebhook): Outcome {
  const parsed = parseBody(envelope, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  const { status, errorType, error, data } = parsed.value;
  if (status !== 'success') return skipped(`a failed query (${status}): ${errorType ?? 'no errorType'}: ${error ?? 'no error'}`);
  if (data === null || data === undefined) return invalid('$.data', 'a successful query result needs data');
  switch (data.resultType) {
    case 'vector': {
      const result = parseValue(vector, parsed.value);
      if (!result.ok) return invalid(result.path, result.reason);
      return normalized(result.value.data.result.flatMap((series) => sampled(webhook, series.metric, series.value === undefined ? [] : [series.value])));
    }
    case 'matrix': {
      const result = parseValue(matrix, parsed.value);
      if (!result.ok) return invalid(result.path, result.reason);
      return normalized(result.value.data.result.flatMap((series) => sampled(webhook, series.metric, series.values ?? [])));
    }
    case 'scalar':
    case 'string':
      return skipped(`a ${data.resultType} query result has no series to sample`);
    default:
      return invalid('$.data.resultType', `unknown resultType ${JSON.stringify(data.resultType)}: expected vector, matrix, scalar or string`);
  }
}
