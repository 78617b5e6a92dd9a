import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { GENERATED_FILE, generate } from './codegen.ts';

it('avro/generated/types.ts is what avro/schemas/ generates (else run npm run avro:generate)', () => {
  expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generate());
});
