/**
 * One error for a configuration that cannot run: every bad variable at once, each naming the
 * variable and what it must be, so a user fixes their `.env` in one pass instead of one
 * restart per mistake (STYLE.md 8). Messages never echo a secret's value.
 */
import { SwitchyardError } from '../operators/errors.ts';

/** One bad variable (or a bad combination, named by the variable to change). */
export interface ConfigProblem {
  readonly variable: string;
  /** What it must be, e.g. `must be a whole number ≥ 1`; never the secret it held. */
  readonly message: string;
}

export class ConfigError extends SwitchyardError {
  override readonly name: string = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`, 'SWY_CONFIG');
    this.problems = problems;
  }
}

/**
 * The problems in an error thrown by one of the stores' own loaders (sinks/<store>/config.ts,
 * sinks/settings.ts, the Slack channel map). Those throw one error whose message joins its
 * problems with `; `, each starting with its variable's name (`invalid Neo4j configuration:
 * NEO4J_PASSWORD must be set`): reading them back keeps each rule declared once, beside its
 * store. A problem naming none of `variables` is kept whole under `fallback`, never dropped.
 */
export function problemsFrom(error: unknown, variables: readonly string[], fallback: string): ConfigProblem[] {
  if (error instanceof ConfigError) return [...error.problems];
  const text = (error instanceof Error ? error.message : String(error)).replace(/^invalid [^:]* configuration: /, '');
  // Longest first, so SWITCHYARD_SINK_X_BATCH_MAX_RECORDS is not read as a shorter name.
  const names = [...variables].sort((a, b) => b.length - a.length);
  return text.split('; ').map((part) => {
    const variable = names.find((name) => part.startsWith(name) && !/[A-Z0-9_]/.test(part.charAt(name.length)));
    if (variable === undefined) return { variable: fallback, message: part };
    return { variable, message: part.slice(variable.length).replace(/^[:\s]+/, '') };
  });
}
