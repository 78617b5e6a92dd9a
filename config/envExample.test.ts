import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_EXAMPLE_PATH, renderEnvExample } from './envExample.ts';
import { SETTINGS } from './index.ts';

const listed = (text: string): string[] => [...text.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

describe('.env.example', () => {
  const file = readFileSync(ENV_EXAMPLE_PATH, 'utf8');
  const known = Object.values(SETTINGS).flat();

  it('lists every variable the specs know, and no other (rewrite it with `npm run env:example`)', () => {
    expect(listed(file).sort()).toEqual(known.map((s) => s.name).sort());
  });

  it('describes each variable above it, and gives its literal default', () => {
    for (const setting of known) {
      const before = file.slice(0, file.indexOf(`# ${setting.name}=`));
      const block = before.slice(before.lastIndexOf('\n\n'));
      expect(block, setting.name).toContain(setting.description);
      if (setting.default !== undefined && !/\s/.test(setting.default)) expect(file).toContain(`# ${setting.name}=${setting.default}\n`);
    }
  });

  it('sets nothing: every line is a comment or blank, so copying it to .env changes no default', () => {
    expect(file.split('\n').filter((line) => line !== '' && !line.startsWith('#'))).toEqual([]);
    expect(listed(renderEnvExample({ Test: [{ name: 'A_B', description: 'x', default: 'a sentence' }] }))).toEqual(['A_B']);
  });
});
