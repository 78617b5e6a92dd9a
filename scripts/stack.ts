/**
 * `npm run stack -- up|down|status`: the local stack Switchyard's tests and `npm start` use.
 */
import { allHealthy, formatStatus, stackDown, stackStatus, stackUp } from './stack/provider.ts';

const usage = 'usage: npm run stack -- up | down | status';

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
