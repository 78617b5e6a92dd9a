#!/usr/bin/env node
/**
 * `npx switchyard …`: the one command-line entry to Switchyard. Each command lives in
 * `cli/commands/`; this file only assembles them.
 */
// First: the .env file must reach process.env before any module reads it while loading.
import '../config/loadEnvFirst.ts';
import { Command } from 'commander';
import { describeCommand } from './commands/describe.ts';
import { doraCommand } from './commands/dora.ts';
import { normalizeCommand } from './commands/normalize.ts';
import { replayCommand } from './commands/replay.ts';
import { topicsCommand } from './commands/topics.ts';
import { workerCommand } from './commands/worker.ts';
import { schemasCommand } from './commands/schemas.ts';
import { stackCommand } from './commands/stack.ts';
import { serveCommand } from './commands/serve.ts';
import { ingressCommand } from './commands/ingress.ts';

const program = new Command('switchyard')
  .description('Stream processing between Kafka and the stores of an engineering-intelligence platform')
  .showHelpAfterError()
  .addCommand(workerCommand())
  .addCommand(topicsCommand())
  .addCommand(replayCommand())
  .addCommand(schemasCommand())
  .addCommand(normalizeCommand())
  .addCommand(describeCommand())
  .addCommand(doraCommand())
  .addCommand(stackCommand())
  .addCommand(serveCommand())
  .addCommand(ingressCommand());

await program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`switchyard: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
