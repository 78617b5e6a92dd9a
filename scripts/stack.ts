/**
 * `npm run stack -- up|down|status|endpoints`: the local stack Switchyard's tests and `npm start` use.
 *
 * `.env` is read first (config/loadEnvFirst.ts), before config/endpoints.ts reads the ports as it
 * loads: a port moved in `.env` (SWITCHYARD_POSTGRES_PORT…) is where the worker looks, so it must
 * be where the stack starts, stops and probes. Read later, `status` would probe the default ports
 * and call a stack on them "not ours", and `up` would start a second one there.
 */
import '../config/loadEnvFirst.ts';
import { stackServices } from './stack/services/index.ts';
import { allHealthy, formatStatus, stackDown, stackStatus, stackUp } from './stack/provider.ts';

const usage = 'usage: npm run stack -- up | down | status | endpoints';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const states = await stackUp();
      console.log(`\n${formatStatus(states)}`);
      return allHealthy(states) ? 0 : 1;
    }
    case 'down':
      await stackDown();
      console.log(`\n${formatStatus(await stackStatus())}`);
      return 0;
    case 'status': {
      const states = await stackStatus();
      console.log(formatStatus(states));
      return allHealthy(states) ? 0 : 1;
    }
    case 'endpoints':
      // Where each service is, without asking it anything: for scripts, and to check a `.env`.
      for (const service of stackServices) console.log(`${service.name}\t${service.address}`);
      return 0;
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\nstack: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
