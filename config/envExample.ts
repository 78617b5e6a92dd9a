/**
 * `.env.example`, written from the settings' specs (config/, sinks/), so it lists every
 * variable with its description and default and cannot go stale: a test fails when a spec
 * knows a variable the file does not. `npm run env:example` rewrites it.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from './index.ts';
import { literalDefault, type Setting } from './spec.ts';

export const ENV_EXAMPLE_PATH = fileURLToPath(new URL('../.env.example', import.meta.url));

const HEADER = `# Switchyard's configuration, every variable with its default.
#
# Copy to .env (or point SWITCHYARD_ENV_FILE at a file) and uncomment what you change. The real
# environment wins over the file. Unset, every service is the local stack's (npm run stack -- up);
# with Kafka and the stores pointing elsewhere, \`npm start\` starts nothing locally.
# Secrets are marked; they are never logged.
#
# Generated from the specs in config/ and sinks/: run \`npm run env:example\` to rewrite it.
`;

/** One setting: its description (and example), then the variable commented out at its default. */
function entry(setting: Setting): string {
  const literal = literalDefault(setting) !== undefined;
  const lines = [
    `# ${setting.description}${setting.secret ? ' (secret)' : ''}`,
    ...(setting.default !== undefined && !literal ? [`# Default: ${setting.default}`] : []),
    ...(setting.example !== undefined ? [`# Example: ${setting.example}`] : []),
    `# ${setting.name}=${literal ? setting.default : ''}`,
  ];
  return lines.join('\n');
}

export function renderEnvExample(sections: Readonly<Record<string, readonly Setting[]>> = SETTINGS): string {
  const body = Object.entries(sections).map(([title, settings]) => [`## ${title}`, ...settings.map(entry)].join('\n\n'));
  return `${HEADER}\n${body.join('\n\n\n')}\n`;
}

if (import.meta.main) {
  writeFileSync(ENV_EXAMPLE_PATH, renderEnvExample());
  console.log(`wrote ${ENV_EXAMPLE_PATH}`);
}
