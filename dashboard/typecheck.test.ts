/**
 * esbuild bundles the pages and strips their types without checking them: this is where a type
 * error is caught. Their modules use the catalogue's own answer types, so a question
 * whose answer changes shape fails here, not in a person's browser.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

it('type-checks the dashboard against the DOM and the catalogue', () => {
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'dashboard'], { cwd: ROOT, encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
}, 60_000);
