// Runs before `npm start` and `npm test`, on whatever Node the machine has (it may be older
// than the Node 24 the project pins, so this file is plain JavaScript): installs the project's
// dependencies, Node 24 among them, when they are missing or older than package-lock.json.
// That is what lets a fresh clone run `npm start` or `npm test` with nothing else first.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

const installed = mtime('node_modules/.package-lock.json');
const locked = mtime('package-lock.json') ?? 0;
if (installed === undefined || locked > installed) {
  console.log('Installing dependencies (npm install)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
