/**
 * `switchyard serve --stdio` as an agent starts it: the SDK's `Client` over `StdioClientTransport`
 * spawning the real CLI. Listing the tools and refusing bad arguments need no store, so this is a
 * unit test; asking every question against populated stores is the stack test's.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CATALOGUE } from '../access/catalogue.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('switchyard serve --stdio', () => {
  it('serves the whole catalogue as MCP tools over stdin/stdout, logs on stderr only', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['cli/switchyard.ts', 'serve', '--stdio'],
      cwd: ROOT,
      // No organization file, no tokens: listing needs neither; LOG_LEVEL info proves logs stay off stdout.
      env: { ...getDefaultEnvironment(), LOG_LEVEL: 'info', NODE_OPTIONS: '--disable-warning=TimeoutNegativeWarning' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'stdio-test', version: '0' });
    onTestFinished(() => client.close());
    await client.connect(transport);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(CATALOGUE.map((q) => q.name).sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.description, tool.name).toMatch(/\(reads: /);
    }
    // Refused by the input schema before any store is touched.
    const bad = await client.callTool({ name: tools[0]!.name, arguments: { not_a_field: 1 } });
    expect(bad.isError).toBe(true);
    // The log line went to stderr (stdout carried JSON-RPC only, or the client would have failed).
    expect(stderr).toMatch(/MCP over stdio/);
  }, 60_000);
});
