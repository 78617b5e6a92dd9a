import { randomBytes } from 'node:crypto';

/** A name no other test run uses, so tests share the stack without resetting it (as kafkajs's own tests do). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The same, usable as an SQL identifier. */
export function uniqueIdentifier(prefix: string): string {
  return uniqueName(prefix).replaceAll('-', '_');
}
