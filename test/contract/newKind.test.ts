/**
 * A kind no store has decided on does not compile. Every store's handlers are a `Handlers<Row>`
 * checked with `satisfies` (sinks/handlers.ts), so when EngEvent.avsc gains a tag and the
 * generated types gain its kind, each store's handlers.ts fails until it says what it keeps of
 * the kind, or `null`.
 *
 * Shown for real, not on a model of it: the project is compiled as it is, except that the
 * generated `EngEvent` union gains the throwaway kind of test/fixtures/throwaway-source/kind.ts.
 * The project is seen through a scratch folder of symbolic links (every file but the generated
 * types, which are a patched copy), compiled with `preserveSymlinks` so the stores import the
 * copy; nothing in the working tree changes. tsc starts from sinks/registry.ts, so it checks
 * every store the registry lists.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { STORES } from '../../sinks/registry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KIND = 'merge_request.approved';
const GENERATED = path.join('avro', 'generated', 'types.ts');

/** `dir` in the scratch folder mirrors `ROOT/dir`: links to every entry, but a real folder on the way to `keep`. */
function mirror(scratch: string, dir: string, keep: readonly string[]): void {
  mkdirSync(path.join(scratch, dir), { recursive: true });
  for (const entry of readdirSync(path.join(ROOT, dir))) {
    const relative = path.join(dir, entry);
    if (entry === '.git' || entry === '.stack') continue;
    if (keep.includes(relative)) continue;
    if (keep.some((k) => k.startsWith(`${relative}${path.sep}`))) mirror(scratch, relative, keep);
    else symlinkSync(path.join(ROOT, relative), path.join(scratch, relative));
  }
}

/** The generated types with the throwaway kind added to the EngEvent union, as codegen would add it. */
function withThrowawayKind(): string {
  const types = readFileSync(path.join(ROOT, GENERATED), 'utf8');
  const union = 'export type EngEvent =\n';
  expect(types, 'avro/generated/types.ts declares the EngEvent union as this test expects').toContain(union);
  return types.replace(union, `${union}  | import('../../test/fixtures/throwaway-source/kind.ts').MergeRequestApproved\n`);
}

interface Diagnostic {
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

/** tsc over sinks/registry.ts in the scratch folder; its errors, one per diagnostic. */
function compileStores(scratch: string): Diagnostic[] {
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  writeFileSync(path.join(scratch, 'tsconfig.newkind.json'), JSON.stringify({ compilerOptions: { ...tsconfig.compilerOptions, preserveSymlinks: true }, files: ['sinks/registry.ts'] }));
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.newkind.json', '--pretty', 'false'], { cwd: scratch, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.stdout.split('\n').flatMap((line) => {
    const match = /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
    return match ? [{ file: match[1]!, code: match[2]!, message: match[3]! }] : [];
  });
}

describe('a kind no store has decided on', () => {
  it('fails to compile in every store’s handlers, naming the kind', { timeout: 60_000 }, () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'switchyard-new-kind-'));
    // Removes the links themselves, never what they point at.
    onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
    mirror(scratch, '.', [GENERATED]);
    writeFileSync(path.join(scratch, GENERATED), withThrowawayKind());

    const undecided = compileStores(scratch).filter((d) => d.message.includes(`'"${KIND}"'`) && /but required in type 'Handlers</.test(d.message));
    const handlerFiles = readdirSync(path.join(ROOT, 'sinks'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && readdirSync(path.join(ROOT, 'sinks', entry.name)).includes('handlers.ts'))
      .map((entry) => path.join('sinks', entry.name, 'handlers.ts'));

    // One handlers.ts per store of the registry, and each fails on the kind it has not decided.
    expect(handlerFiles).toHaveLength(STORES.length);
    expect([...new Set(undecided.map((d) => d.file))].filter((file) => handlerFiles.includes(file)).sort()).toEqual([...handlerFiles].sort());
    for (const d of undecided) expect(d.code).toBe('TS2741');
  });
});
