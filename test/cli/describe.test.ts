import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (args: string[]) => spawnSync(process.execPath, ['cli/switchyard.ts', 'describe', ...args], { encoding: 'utf8' });

describe('switchyard describe', () => {
  it('prints the sub-topologies and the routing table', () => {
    const result = run([]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Sub-topology: normalize (group: switchyard.normalize)');
    expect(result.stdout).toContain('Sub-topology: sink:clickhouse (group: switchyard.sink:clickhouse)');
    expect(result.stdout).toContain('| GitHub Commit | ✓ Update user stats | ✓ Store event |');
  });

  it('--mermaid prints a flowchart', () => {
    const result = run(['--mermaid']);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('flowchart LR')).toBe(true);
  });
});
