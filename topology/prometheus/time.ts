/** Prometheus' and Alertmanager's times as the epoch milliseconds an Avro timestamp-millis carries. */
import { z } from 'zod';
import { epochMillis, isoMillis } from '../payload.ts';

/** An RFC 3339 time (Alertmanager's startsAt, endsAt). */
export const rfc3339Millis = isoMillis;

/** A Unix time in seconds with a fraction (the HTTP API's `<unix_time>`), rounded to milliseconds. */
export const unixSecondsMillis = z
  .number()
  .transform((seconds) => Math.round(seconds * 1000))
  .pipe(epochMillis);

/** Go's zero time.Time, 0001-01-01T00:00:00Z: what Alertmanager sends as the end of a firing alert. */
export const GO_ZERO_TIME = -62_135_596_800_000;
