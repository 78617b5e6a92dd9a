/** `switchyard stack up|down|status`: the local stack, as `npm run stack -- …`. */
import { Command } from 'commander';
import { allHealthy, formatStatus, stackDown, stackStatus, stackUp } from '../../scripts/stack/provider.ts';

export function stackCommand(): Command {
  const stack = new Command('stack').description('the local stack: Kafka, Schema Registry, PostgreSQL, ClickHouse, Neo4j');
  stack.command('up').description('start what is not running and wait until every service answers').action(async () => {
    const states = await stackUp();
    console.log(`\n${formatStatus(states)}`);
    if (!allHealthy(states)) process.exitCode = 1;
  });
  stack.command('down').description('stop what `up` started, and nothing else').action(async () => {
    await stackDown();
  });
  stack.command('status').description('each service: address, version, health').action(async () => {
    const states = await stackStatus();
    console.log(formatStatus(states));
    if (!allHealthy(states)) process.exitCode = 1;
  });
  return stack;
}
