/**
 * `npm start`. Until the worker exists (issue 7), this brings the local stack up and prints
 * where each service listens, so a new user sees everything Switchyard will run on.
 */
import { allHealthy, formatStatus, stackUp } from './stack/provider.ts';

const states = await stackUp().catch((error: unknown) => {
  console.error(`\nstart: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`\n${formatStatus(states)}`);
if (!allHealthy(states)) process.exit(1);
console.log('\nThe local stack is up. Stop it with `npm run stack -- down`; logs are in .stack/logs/.');
