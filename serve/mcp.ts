/**
 * The catalogue as MCP tools (the official TypeScript SDK's `McpServer`): one tool per question,
 * with its title, description, input and output schemas (the question's own zod objects; the SDK
 * validates the arguments against the input, and `structuredContent` against the output, and its
 * `Client` validates the latter again), and annotations saying it only reads.
 *
 * A tool answers `{ content: [{ type: 'text', text: <the answer as JSON> }], structuredContent: <the answer> }`
 * (the text for clients that read only `content`). What goes wrong is a tool result with
 * `isError: true` whose text names the problem (the JSON path and what it must be, the store that
 * is down), never a JSON-RPC error: an agent reads it and can fix its call or tell its user.
 *
 * Stateless Streamable HTTP needs a new server per request (SDK ≥ 1.26 refuses to connect one
 * server to a second transport): `mcpTools(access)` does the per-question work once, and
 * `mcpServerFor(tools)` only registers what it computed. That includes `tools/list`: the SDK
 * converts every tool's zod schemas to JSON Schema on each list (about 80 ms for the 27-question
 * catalogue, per request, since each request has a new server), so the list is converted once
 * here, the way the SDK does it (zod's `toJSONSchema`, draft-07, the dialect its client's Ajv
 * validates with), and answered from that.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type CallToolResult, type Tool, type ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AccessError } from '../access/errors.ts';
import type { AnyQuestion } from '../access/question.ts';
import type { Access } from '../access/service.ts';
import type { AccessTransport } from '../metrics/access.ts';
import { SwitchyardError } from '../operators/errors.ts';

/** Every tool only reads, the same answer for the same input and the same data, and touches nothing outside our stores. */
const ANNOTATIONS: ToolAnnotations = { readOnlyHint: true, idempotentHint: true, openWorldHint: false, destructiveHint: false };

export interface McpTool {
  readonly question: AnyQuestion;
  /** Its `tools/list` entry, converted once. */
  readonly definition: Tool;
  readonly config: { title: string; description: string; inputSchema: AnyQuestion['input']; outputSchema: AnyQuestion['output']; annotations: ToolAnnotations };
  readonly call: (args: unknown, signal: AbortSignal) => Promise<CallToolResult>;
}

export interface McpToolsOptions {
  /** For the metrics: `mcp` (HTTP or stdio). */
  readonly transport?: AccessTransport;
  /** Told of an error that is not one of ours (the agent reads only that the server failed). */
  readonly onUnexpected?: (error: unknown, question: string) => void;
}

/** The tools of `access.catalogue`, computed once for every server built from them. */
export function mcpTools(access: Access, options: McpToolsOptions = {}): readonly McpTool[] {
  const transport = options.transport ?? 'mcp';
  return access.catalogue.map((question) => {
    const config = {
      title: question.title,
      description: `${question.description} (reads: ${question.stores.length === 0 ? 'the organization file' : question.stores.join(', ')})`,
      inputSchema: question.input,
      outputSchema: question.output,
      annotations: { ...ANNOTATIONS, title: question.title },
    };
    const definition: Tool = {
      name: question.name,
      title: config.title,
      description: config.description,
      inputSchema: z.toJSONSchema(question.input, { target: 'draft-7', io: 'input' }) as Tool['inputSchema'],
      outputSchema: z.toJSONSchema(question.output, { target: 'draft-7', io: 'output' }) as NonNullable<Tool['outputSchema']>,
      annotations: config.annotations,
    };
    return {
      question,
      definition,
      config,
      call: async (args, signal) => {
        try {
          const answer = await access.ask(question.name, args, { signal, transport });
          return { content: [{ type: 'text', text: JSON.stringify(answer) }], structuredContent: answer };
        } catch (error) {
          if (!(error instanceof SwitchyardError)) options.onUnexpected?.(error, question.name);
          return toolError(error);
        }
      },
    };
  });
}

/** A server with every tool registered; connect it to one transport. */
export function mcpServerFor(tools: readonly McpTool[], info: { name: string; version: string } = { name: 'switchyard', version: '1' }): McpServer {
  const server = new McpServer(info, { capabilities: { tools: { listChanged: false } }, instructions: 'Typed, read-only questions over the engineering-intelligence stores. Each tool answers structured content matching its output schema; lists say `truncated` when they were cut at `limit`.' });
  for (const tool of tools) server.registerTool(tool.question.name, tool.config, (args, extra) => tool.call(args, extra.signal));
  // After registering (which installs the SDK's own handler): the list converted once, not per request.
  const list = { tools: tools.map((tool) => tool.definition) };
  server.server.setRequestHandler(ListToolsRequestSchema, () => list);
  return server;
}

/** What went wrong, as a tool result the agent reads. */
export function toolError(error: unknown): CallToolResult {
  let text: string;
  if (error instanceof AccessError) {
    const { problems, closest, store } = error.details;
    text = [
      error.message,
      ...(problems ?? []).map((p) => `${p.path}: ${p.message}`),
      ...(closest !== undefined && closest.length > 0 ? [`closest questions: ${closest.join(', ')}`] : []),
      ...(store === undefined ? [] : [`store: ${store}`]),
    ].join('\n');
  } else if (error instanceof SwitchyardError) {
    text = error.message;
  } else {
    text = 'the server failed to answer; the error is in its log';
  }
  return { isError: true, content: [{ type: 'text', text }] };
}
