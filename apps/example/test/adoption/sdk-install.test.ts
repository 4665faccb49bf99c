import { execFile } from 'node:child_process';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installApp, packPackages, removeAll, type Tarballs, typecheck } from '../helpers/packed-packages.js';

const run = promisify(execFile);

/** Every installed package folder under `node_modules` (scoped ones as `@scope/name`). */
async function installedPackages(modules: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(modules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const scoped of await readdir(join(modules, entry))) names.push(`${entry}/${scoped}`);
    } else names.push(entry);
  }
  return names.sort();
}

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
  return total;
}

describe('installing the packed SDK into an empty app', () => {
  let packed: { dir: string; tarballs: Tarballs } | undefined;
  let app: string | undefined;

  beforeAll(async () => {
    packed = await packPackages();
    app = await installApp({
      '@tombstone/shared': packed.tarballs['@tombstone/shared'],
      '@tombstone/sdk': packed.tarballs['@tombstone/sdk'],
    });
  }, 180_000);
  afterAll(() => removeAll(packed?.dir, app));

  it('brings no server code, database driver or Kysely, and reports its size', async () => {
    const modules = join(app as string, 'node_modules');
    const packages = await installedPackages(modules);
    for (const forbidden of ['@tombstone/server', 'kysely', 'pg', '@electric-sql/pglite']) {
      expect(packages).not.toContain(forbidden);
    }
    expect(packages).toEqual(expect.arrayContaining(['@tombstone/sdk', '@tombstone/shared', '@trpc/client']));
    // TypeScript comes as a peer of tRPC's client; an app that type-checks has it anyway.
    const runtime = packages.filter((p) => p !== 'typescript' && !p.startsWith('@typescript/'));
    let bytes = 0;
    for (const name of runtime) bytes += await sizeOf(join(modules, name));
    console.log(
      `SDK install: ${runtime.length} packages besides TypeScript, ${(bytes / 1024 / 1024).toFixed(1)} MB (${runtime.join(', ')})`,
    );
  });

  it('type-checks a strict consumer with skipLibCheck off, and runs in Node', async () => {
    const dir = app as string;
    await writeFile(
      join(dir, 'client.ts'),
      [
        "import { createClient, isTombstoneError, type Article } from '@tombstone/sdk';",
        "const client = createClient({ url: 'http://127.0.0.1:9', token: 't' });",
        'export async function titles(): Promise<string[]> {',
        '  const page = await client.articles.list.query({ limit: 5 });',
        '  const first: Article | undefined = page.items[0];',
        '  return first ? [first.title] : [];',
        '}',
        'export const isGone = (error: unknown) => isTombstoneError(error, "NOT_FOUND");',
        "console.log(typeof client.articles.delete.mutate, isGone(new Error('x')));",
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'ESNext.Disposable', 'DOM'],
          strict: true,
          skipLibCheck: false,
          outDir: 'out',
          types: [],
        },
        files: ['client.ts'],
      }),
    );
    await typecheck(join(dir, 'tsconfig.json'));
    const { stdout } = await run(process.execPath, [join(dir, 'out', 'client.js')], { cwd: dir });
    expect(stdout.trim()).toBe('function false');
  }, 120_000);
});
