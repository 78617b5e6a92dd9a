/**
 * The catalogue as MCP tools over stdio, for a local agent that starts `switchyard serve --stdio`
 * itself (Claude Desktop, an IDE). stdout carries only JSON-RPC: the caller's logger must write to
 * stderr (`createLogger({ destination: pino.destination(2) })`), or the first log line corrupts
 * the protocol. No token: the agent that spawned the process is the only one who can talk to it.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Access } from '../access/service.ts';
import type { Logger } from 'pino';
import { mcpServerFor, mcpTools } from './mcp.ts';

export interface StdioServe {
  /** Resolves when the client closes stdin (or `close` is called). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export async function serveStdio(access: Access, logger: Logger): Promise<StdioServe> {
  const server = mcpServerFor(mcpTools(access, { onUnexpected: (error, question) => logger.error({ err: error, question }, `MCP tool ${question} failed unexpectedly`) }));
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  // The transport does not notice stdin ending by itself: the client closing its end is our cue to stop.
  process.stdin.once('end', () => void server.close());
  await server.connect(transport);
  logger.info({ tools: access.catalogue.length }, `MCP over stdio: ${access.catalogue.length} tools`);
  return { closed, close: () => server.close() };
}
