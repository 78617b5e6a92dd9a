/**
 * The Docker provider: `docker-compose.yml` at the project root runs the same services (Pinecone
 * Local only under its own profile), on the same ports, for users with a Docker engine. Compose owns the
 * processes; we only ask it and probe the services through their clients.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './paths.ts';

const composeFile = path.join(projectRoot, 'docker-compose.yml');

/** True when a Docker engine answers (the CLI alone is not enough). */
export function dockerEngineAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5_000 });
  return result.status === 0;
}

function compose(...args: string[]): void {
  const result = spawnSync('docker', ['compose', '-f', composeFile, ...args], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`docker compose ${args.join(' ')} failed (exit ${result.status})`);
}

/** Start every service and wait until compose's health checks pass. */
export function dockerUp(): void {
  compose('up', '--detach', '--wait');
}

/** Stop and remove the compose services (volumes are kept). */
export function dockerDown(): void {
  compose('down');
}
