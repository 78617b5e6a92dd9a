import avsc from 'avsc';

/**
 * The longs avsc 5.7 encodes without loss. Above, it refuses to write; below, its zigzag step
 * rounds in floating point and silently decodes as a different, positive number (found by the
 * round-trip properties). Switchyard's longs (ids, offsets, durations, timestamps) sit far inside.
 */
export const LOSSLESS_LONG = Object.freeze({ min: -(2 ** 52), max: 2 ** 53 - 2 });

/**
 * Avro logical type `timestamp-millis` as a plain `number` of epoch milliseconds (UTC).
 *
 * Registered so that a timestamp stays recognisable in avsc's type reflection (the code generator
 * documents it) and so that a value avsc would write wrongly (a fraction, or outside
 * `LOSSLESS_LONG`) is refused instead. A number rather than a `Date`: events are compared, hashed
 * into ids and written to the stores as epoch milliseconds.
 */
export class TimestampMillisType extends avsc.types.LogicalType {
  protected override _fromValue(millis: number): number {
    return millis;
  }

  protected override _toValue(millis: unknown): number {
    if (typeof millis !== 'number' || !Number.isInteger(millis) || millis < LOSSLESS_LONG.min || millis > LOSSLESS_LONG.max) {
      throw new Error(`timestamp-millis must be an integer of epoch milliseconds, not ${String(millis)}`);
    }
    return millis;
  }

  protected override _resolve(writer: avsc.Type): ((millis: number) => number) | undefined {
    return avsc.Type.isType(writer, 'int', 'long', 'logical:timestamp-millis') ? (millis) => millis : undefined;
  }
}
