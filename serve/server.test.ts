/**
 * The access layer listening on a real socket (port 0): HTTP GET and POST, and MCP over stateless
 * Streamable HTTP with the SDK's own `Client` — every question a tool with input and output
 * schemas, `structuredContent` answers, an AccessError as `isError` — over test questions that
 * need no store.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../access/service.ts';
import { digestOf } from './auth.ts';
import { startServe, type RunningServe } from './server.ts';
import { testAccess, testSettings, TEST_QUESTIONS } from './testing/testQuestions.ts';

const TOKEN = 'syd_test-token-for-the-server-tests';
let access: Access;
let server: RunningServe;

beforeAll(async () => {
  access = testAccess();
  server = await startServe({ access, settings: testSettings({ tokens: [{ name: 'agent', digest: Buffer.from(digestOf(TOKEN), 'hex') }] }), logger: pino({ level: 'silent' }), port: 0 });
});
afterAll(async () => {
  await server?.close();
  await access?.close();
});

async function mcpClient(token: string | undefined): Promise<Client> {
  const client = new Client({ name: 'serve-test', version: '0' });
  const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  return client;
}

describe('HTTP on a socket', () => {
  it('answers GET and POST the same', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const get = await fetch(`${server.url}/v1/questions/test_sum?a=4&tags=t`, { headers: auth });
    const post = await fetch(`${server.url}/v1/questions/test_sum`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 4, tags: ['t'] }) });
    expect(get.status).toBe(200);
    const answer = await post.json();
    expect(answer).toEqual({ sum: 5, tags: ['t'], period: null, flag: null });
    expect(await get.json()).toEqual(answer);
    expect((await fetch(`${server.url}/v1/questions`)).status).toBe(401);
  });
});

describe('MCP over stateless Streamable HTTP', () => {
  it('lists every question as a tool with input and output schemas and read-only annotations', async () => {
    const client = await mcpClient(TOKEN);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(TEST_QUESTIONS.map((q) => q.name));
      for (const tool of tools) {
        expect(tool.inputSchema.type).toBe('object');
        expect(tool.outputSchema?.type).toBe('object');
        expect(tool.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      }
      expect(tools[0]!.inputSchema.required).toEqual(['a']);
    } finally {
      await client.close();
    }
  });

  it('answers a call with structuredContent (and the same as text), many times over fresh servers', async () => {
    const client = await mcpClient(TOKEN);
    try {
      for (const a of [1, 2, 3]) {
        const result = await client.callTool({ name: 'test_sum', arguments: { a, b: 10 } });
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toEqual({ sum: a + 10, tags: [], period: null, flag: null });
        expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual(result.structuredContent);
      }
      const rows = await client.callTool({ name: 'test_rows', arguments: { count: 7 } });
      expect(rows.structuredContent).toMatchObject({ truncated: true, limit: 5 });
    } finally {
      await client.close();
    }
  });

  it('answers a store down and bad input as tool errors the agent can read', async () => {
    const client = await mcpClient(TOKEN);
    try {
      const down = await client.callTool({ name: 'test_down', arguments: { team: 'platform' } });
      expect(down.isError).toBe(true);
      expect((down.content as { text: string }[])[0]!.text).toMatch(/neo4j/);
      const bad = await client.callTool({ name: 'test_sum', arguments: { a: 'two' } });
      expect(bad.isError).toBe(true);
      expect((bad.content as { text: string }[])[0]!.text).toMatch(/\ba\b[\s\S]*number|number[\s\S]*\ba\b/);
    } finally {
      await client.close();
    }
  });

  it('refuses a client without the token', async () => {
    await expect(mcpClient(undefined)).rejects.toThrow(/401|Unauthorized|token/i);
    await expect(mcpClient('syd_wrong')).rejects.toThrow(/401|Unauthorized|token/i);
  });
});
