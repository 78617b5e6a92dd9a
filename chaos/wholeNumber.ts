/**
 * A CHAOS_* setting of `npm run chaos` (and `--faults`): a whole number ≥ 0, `fallback` when unset
 * or empty. Anything else stops the run before it touches the stack, naming the variable, since a
 * typo read as NaN would make a replay of no webhooks or a wait of no time and a run that "passed".
 */
import { ConfigError } from '../config/index.ts';

export function wholeNumber(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError([{ variable: name, message: 'must be a whole number ≥ 0', value: String(raw) }]);
  return value;
}
