import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const reference = join(root, 'src', 'reference');
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;

/**
 * The suites that test the reference API itself (its migrations, seed, routers and trash): the
 * only test files that may reach `src/reference`. Every other suite runs on the library tests'
 * own schema, `test/fixtures`.
 */
const REFERENCE_SUITES = ['test/db/', 'test/routers/'];

/** Every `.ts` file under `dir`, as paths relative to the package. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The first import chain from `file` into the reference API, or `null` when there is none. */
function referenceChain(file: string): string[] | null {
  const seen = new Set<string>();
  const visit = (path: string): string[] | null => {
    if (seen.has(path)) return null;
    seen.add(path);
    if (path.startsWith(`${reference}/`)) return [relative(root, path)];
    for (const match of readFileSync(path, 'utf8').matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2] ?? match[3]) as string;
      if (specifier.startsWith('@tombstone/server/reference')) return [relative(root, path), specifier];
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(path), specifier).replace(/\.js$/, '.ts');
      if (target.startsWith(`${reference}/`)) return [relative(root, path), relative(root, target)];
      if (!existsSync(target)) continue;
      const chain = visit(target);
      if (chain) return [relative(root, path), ...chain];
    }
    return null;
  };
  return visit(join(root, file));
}

describe('the library tests do not use the reference API', () => {
  const files = [...sources('test'), ...sources('src').filter((f) => f.endsWith('.test.ts'))];
  const isReferenceSuite = (file: string) => REFERENCE_SUITES.some((dir) => file.startsWith(dir));

  it('no test file outside the reference suites imports src/reference, directly or through a helper', () => {
    const offenders = files
      .filter((file) => !isReferenceSuite(file) && !file.startsWith('src/reference/'))
      .map((file) => referenceChain(file))
      .filter((chain) => chain !== null)
      .map((chain) => chain.join(' → '));
    expect(offenders).toEqual([]);
  });

  it('finds the reference suites’ own imports (the check above is not vacuous)', () => {
    const found = files.filter(isReferenceSuite).filter((file) => referenceChain(file) !== null);
    expect(found).toEqual(
      expect.arrayContaining(['test/db/migrations.test.ts', 'test/routers/trash.test.ts']),
    );
  });
});
