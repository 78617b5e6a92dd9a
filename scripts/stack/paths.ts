/**
 * Where the native stack keeps its runtimes, data, logs and pid files: `.stack/`, git-ignored.
 *
 * SWITCHYARD_STACK_DIR moves it, so a second stack (its ports moved with the SWITCHYARD_*_PORT
 * variables of config/endpoints.ts) can run beside the first: a fault-injection run kills and
 * restarts services of its own without touching the stack other test runs use. Its pid files,
 * lock and provider choice are its own too, so `down` there never stops the other stack.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import process from 'node:process';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const stackDir = stackDirFrom(process.env.SWITCHYARD_STACK_DIR);
export const stackAssets = fileURLToPath(new URL('.', import.meta.url));

/** `.stack` under the project by default; a relative SWITCHYARD_STACK_DIR is from the project root. */
export function stackDirFrom(setting: string | undefined): string {
  const dir = setting?.trim();
  return dir ? path.resolve(projectRoot, dir) : path.join(projectRoot, '.stack');
}

export const stackPaths = {
  runtime: (service: string) => path.join(stackDir, 'runtime', service),
  data: (service: string) => path.join(stackDir, 'data', service),
  log: (service: string) => path.join(stackDir, 'logs', `${service}.log`),
  logs: path.join(stackDir, 'logs'),
  pid: (service: string) => path.join(stackDir, 'run', `${service}.pid`),
  asset: (...parts: string[]) => path.join(stackAssets, ...parts),
};
