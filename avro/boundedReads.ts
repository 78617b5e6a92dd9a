/**
 * avsc (5.7) reads an array's or a map's block count from the bytes and then loops that many
 * times without checking that the buffer can hold that many items. One corrupt or hostile
 * record announcing a count of 2^31 kept a worker busy for minutes (the codec's fuzz test found
 * it). These readers stop as soon as a count exceeds what the remaining bytes can hold, and mark
 * the read invalid, so `decode` reports the bytes as malformed at once.
 *
 * An item takes at least one byte unless its type can be empty (null, or a record of such),
 * where the count is capped instead. Resolvers copy `_read` when they are built, so this takes
 * effect for schema resolution too, as long as it is installed first: import it before any
 * type is created (the codec does).
 */
import avsc from 'avsc';

/** The most zero-byte items one block may announce (Avro arrays of nulls are rare and short). */
const MAX_EMPTY_ITEMS = 1 << 20;

interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  readString(): string;
  skipLong(): void;
  _invalidate(): void;
}
interface Readable {
  _read(tap: Tap): unknown;
  typeName: string;
  fields?: { type: Readable }[];
}

function canBeEmpty(type: Readable): boolean {
  if (type.typeName === 'null') return true;
  if (type.typeName === 'record' || type.typeName === 'error') return (type.fields ?? []).every((field) => canBeEmpty(field.type));
  return false;
}

/** The next block's item count, or -1 when it cannot be right (the tap is then invalid). */
function blockSize(tap: Tap, itemsMayBeEmpty: boolean): number {
  let n = tap.readLong();
  if (n < 0) {
    n = -n;
    tap.skipLong(); // the block's byte size
  }
  const limit = itemsMayBeEmpty ? MAX_EMPTY_ITEMS : tap.buf.length - tap.pos;
  if (n > limit || !Number.isSafeInteger(n)) {
    tap._invalidate();
    return -1;
  }
  return n;
}

const ArrayType = avsc.types.ArrayType.prototype as unknown as { _read(this: { itemsType: Readable }, tap: Tap): unknown[] };
ArrayType._read = function (tap) {
  const items = this.itemsType;
  const mayBeEmpty = canBeEmpty(items);
  const values: unknown[] = [];
  let n: number;
  while ((n = blockSize(tap, mayBeEmpty)) > 0) {
    while (n--) values.push(items._read(tap));
  }
  return values;
};

const MapType = avsc.types.MapType.prototype as unknown as { _read(this: { valuesType: Readable }, tap: Tap): Record<string, unknown> };
MapType._read = function (tap) {
  const values = this.valuesType;
  const map: Record<string, unknown> = {};
  let n: number;
  // A map entry always holds its key's length byte, so it is never empty.
  while ((n = blockSize(tap, false)) > 0) {
    while (n--) {
      const key = tap.readString();
      map[key] = values._read(tap);
    }
  }
  return map;
};
