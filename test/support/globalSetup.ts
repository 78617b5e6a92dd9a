/**
 * Before any test: the local stack must answer. A running stack is reused as it is (so a
 * warm `npm test` costs a probe); a missing one is brought up, which the first time installs
 * and fetches what it needs. The stack is left running afterwards for the next run. Chromium
 * (Debian's package, for the dashboard's browser tests) is installed here when missing.
 */
import { allHealthy, formatStatus, stackStatus, stackUp } from '../../scripts/stack/provider.ts';
import { ensureChromium } from './browser.ts';

export default async function setup(): Promise<void> {
  // The dashboard's browser tests drive Debian's chromium: installed once here, not by tests racing for apt's lock.
  ensureChromium();
  if (allHealthy(await stackStatus())) return;
  const states = await stackUp();
  if (!allHealthy(states)) throw new Error(`the local stack is not healthy:\n${formatStatus(states)}`);
}
