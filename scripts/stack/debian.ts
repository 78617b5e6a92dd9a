/**
 * Debian packages the native stack needs (PostgreSQL, ClickHouse), installed with apt-get
 * when missing. Only root may install; anyone else is told the exact command.
 */
import { spawnSync } from 'node:child_process';
import { isRoot } from './processes.ts';

export function installDebianPackages(packages: readonly string[]): void {
  if (packages.length === 0) return;
  const list = packages.join(' ');
  if (!isRoot()) {
    throw new Error(`missing Debian packages: ${list}. Install them with: sudo apt-get install -y ${list} (or use Docker)`);
  }
  process.stdout.write(`  apt-get: installing ${list}…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) throw new Error(`apt-get update failed (exit ${update.status})`);
  const install = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (install.status !== 0) throw new Error(`apt-get install ${list} failed (exit ${install.status})`);
}
