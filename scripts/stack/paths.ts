/** Where the native stack keeps its runtimes, data, logs and pid files: `.stack/`, git-ignored. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const stackDir = path.join(projectRoot, '.stack');
export const stackAssets = fileURLToPath(new URL('.', import.meta.url));

export const stackPaths = {
  runtime: (service: string) => path.join(stackDir, 'runtime', service),
  data: (service: string) => path.join(stackDir, 'data', service),
  log: (service: string) => path.join(stackDir, 'logs', `${service}.log`),
  logs: path.join(stackDir, 'logs'),
  pid: (service: string) => path.join(stackDir, 'run', `${service}.pid`),
  asset: (...parts: string[]) => path.join(stackAssets, ...parts),
};
