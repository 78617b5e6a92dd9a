/**
 * One error for a configuration that cannot run: every bad variable at once, each naming the
 * variable, what it must be and what was given, so a user fixes their `.env` in one pass instead
 * of one restart per mistake (STYLE.md 8). A secret's value is never kept (config/spec.ts
 * `Problems` replaces it before it gets here).
 */
import { SwitchyardError } from '../operators/errors.ts';

/** One bad variable (or a bad combination, named by the variable to change). */
export interface ConfigProblem {
  readonly variable: string;
  /** What it must be, e.g. `must be a whole number ≥ 1`. */
  readonly message: string;
  /** The value as given, `redacted` for a secret; absent when the variable was unset. */
  readonly value?: string;
}

export class ConfigError extends SwitchyardError {
  override readonly name: string = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}${p.value === undefined ? '' : ` (given ${JSON.stringify(p.value)})`}`).join('\n')}`, 'SWY_CONFIG');
    this.problems = problems;
  }
}
