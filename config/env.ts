/**
 * The `.env` file: values for variables the real environment leaves unset. The environment
 * always wins, so a deployment's variables (Kubernetes, systemd, CI) are never overridden by a
 * file someone left in the working directory.
 *
 * Which file: SWITCHYARD_ENV_FILE when set (and then it must exist: a typo in its path would
 * otherwise run on defaults, i.e. on the local stack, without a word), else `.env` in the
 * working directory, which may be absent.
 *
 * Parsed with dotenv's `parse` (the format everyone's `.env` is written in) and merged here,
 * rather than through `dotenv.config`, to keep the precedence and the errors ours.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { ConfigError } from './errors.ts';

export const ENV_FILE_VARIABLE = 'SWITCHYARD_ENV_FILE';

export interface EnvFileResult {
  /** The file read, or undefined when there was none. */
  readonly file: string | undefined;
  /** Variables the file set (those the environment already had are not among them). */
  readonly applied: readonly string[];
}

export interface LoadEnvFileOptions {
  /** Filled in place; process.env by default, so every module reading process.env sees the file. */
  readonly env?: Record<string, string | undefined>;
  /** Where `.env` is looked for; the working directory by default. */
  readonly cwd?: string;
}

/** Adds the `.env` file's values to the environment, never replacing one already set. */
export function loadEnvFile(options: LoadEnvFileOptions = {}): EnvFileResult {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = env[ENV_FILE_VARIABLE]?.trim() || undefined;
  const file = resolve(cwd, explicit ?? '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicit === undefined && code === 'ENOENT') return { file: undefined, applied: [] };
    throw new ConfigError([{ variable: explicit === undefined ? '.env' : ENV_FILE_VARIABLE, message: `must name a readable file; cannot read ${file} (${code ?? 'unreadable'})` }]);
  }
  const applied: string[] = [];
  for (const [name, value] of Object.entries(dotenv.parse(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    applied.push(name);
  }
  return { file, applied };
}
