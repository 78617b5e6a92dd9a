/**
 * `switchyard serve [--stdio]`: the question catalogue over HTTP JSON (/v1/questions), OpenAPI 3.1
 * (/openapi.json) and MCP (stateless Streamable HTTP at /mcp) on SWITCHYARD_SERVE_HOST:PORT, or, with
 * `--stdio`, as MCP tools over stdin/stdout for an agent that starts this process itself (stdout then
 * carries only JSON-RPC; logs go to stderr). Stops gracefully on SIGINT/SIGTERM.
 *
 * `switchyard serve token NAME`: a new bearer token, printed once, and the line that configures its
 * digest (SWITCHYARD_ACCESS_TOKENS keeps only the SHA-256).
 */
import { Command } from 'commander';
import { pino } from 'pino';
import { RAW_TOOLS } from '../../access/rawTools.ts';
import { readSection } from '../../config/spec.ts';
import { createLogger } from '../../observability/logger.ts';
import { newToken } from '../../serve/auth.ts';
import { redactedServeSettings, serveConfig, TOKEN_NAME, type ServeSettings } from '../../serve/config.ts';
import { openServedAccess } from '../../serve/open.ts';
import { startServe } from '../../serve/server.ts';
import { serveStdio } from '../../serve/stdio.ts';
import { exitOnSignals } from '../../worker/signals.ts';

export function serveCommand(): Command {
  const command = new Command('serve')
    .description('serve the question catalogue: HTTP /v1/questions, /openapi.json and MCP at /mcp on SWITCHYARD_SERVE_PORT; --stdio for MCP over stdin/stdout')
    .option('--stdio', 'MCP over stdin/stdout (for an agent that starts this process); logs go to stderr')
    .action(async (options: { stdio?: boolean }) => {
      const stdio = options.stdio === true;
      // stdout is the protocol under --stdio: not one byte of log may reach it.
      const logger = createLogger({ ...(process.env.LOG_LEVEL === undefined ? {} : { level: process.env.LOG_LEVEL }), ...(stdio ? { destination: pino.destination({ dest: 2, sync: true }) } : {}) });
      const settings = readSection(serveConfig);
      const { access, unconfigured } = await openServedAccess({ settings, rawTools: RAW_TOOLS, warn: (store, message) => logger.warn({ store }, message) });
      for (const { store, reason } of unconfigured) logger.warn({ store }, `store ${store} is not configured (${reason}): its questions answer 503`);
      if (stdio) {
        const served = await serveStdio(access, logger);
        const stop = async () => { await served.close(); await access.close(); };
        exitOnSignals({ stop, timeoutMs: 5_000, log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) } });
        await served.closed;
        await access.close();
        return;
      }
      warnIfOpen(settings, logger);
      logger.info({ settings: redactedServeSettings(settings) }, 'access layer settings');
      const server = await startServe({ access, settings, logger });
      console.log(`switchyard serve: ${access.catalogue.length} questions on ${server.url}  (GET ${server.url}/v1/questions, ${server.url}/openapi.json, MCP ${server.url}/mcp)`);
      console.log(`  dashboard: ${server.url}/  (the pipeline live at ${server.url}/pipeline)`);
      console.log(`  pipeline: GET ${server.url}/v1/pipeline relays the worker at ${settings.workerUrl} (SWITCHYARD_SERVE_WORKER_URL)`);
      exitOnSignals({
        stop: async () => { await server.close(); await access.close(); },
        timeoutMs: settings.limits.timeoutMs + 5_000,
        log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
      });
    });
  command
    .command('token')
    .argument('<name>', 'who the token is for (letters, digits, . _ -): its name in logs, metrics and the rate limit')
    .description('make a bearer token: prints it once, and the SWITCHYARD_ACCESS_TOKENS entry to configure (only its SHA-256 is kept)')
    .action((name: string) => {
      if (!TOKEN_NAME.test(name)) throw new Error(`token name "${name}" must be 1–64 letters, digits, dots, dashes or underscores`);
      const { token, digest } = newToken();
      console.log(`Token for ${name} (shown once; give it to the caller as "Authorization: Bearer <token>"):\n\n  ${token}\n\nAdd to SWITCHYARD_ACCESS_TOKENS (comma-separated with any others), e.g. in .env:\n\n  SWITCHYARD_ACCESS_TOKENS=${name}:${digest}\n`);
    });
  return command;
}

/** Without tokens: said loudly, every start (the host is loopback: serve/config.ts refused anything else). */
export function warnIfOpen(settings: ServeSettings, logger: { warn(message: string): void }): void {
  if (settings.tokens.length > 0) return;
  const message = `no access tokens (SWITCHYARD_ACCESS_TOKENS): serving ${settings.host} only, UNAUTHENTICATED — anyone on this machine can ask; make one with \`npx switchyard serve token NAME\``;
  logger.warn(message);
  console.error(`WARNING: ${message}`);
}
