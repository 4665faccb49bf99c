import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', '..', 'dist');
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;

/** Every file an entry of the built package loads, and every package it imports. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2] ?? match[3]) as string;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(join(dist, entry));
  return { files: [...files].map((f) => relative(dist, f)), packages };
}

describe('the built entry points', () => {
  it('@tombstone/server loads no driver, no PGlite and nothing of the reference API', () => {
    const { files, packages } = importGraph('index.js');
    expect(files.filter((f) => f.startsWith('reference/') || f.startsWith('testing/'))).toEqual([]);
    expect([...packages].sort()).toEqual(
      expect.not.arrayContaining(['pg', '@electric-sql/pglite', '@tombstone/server/reference']),
    );
    for (const name of packages)
      expect(name).toMatch(/^(kysely|zod|@trpc\/server(\/.*)?|@tombstone\/shared|node:.*)$/);
  });

  it('exports a curated list: the library, not its internals or the reference API', async () => {
    const before = new Set(Object.keys(await import(pathToFileURL(join(dist, 'index.js')).href)));
    for (const internal of [
      'appRouter',
      'seedDemo',
      'DEMO_USERS',
      'planCascade',
      'createDatabase',
      'PGliteDialect',
    ]) {
      expect(before.has(internal)).toBe(false);
    }
    expect(before.has('softDeleteProcedures')).toBe(true);
    expect(before.has('tombstoneMigration')).toBe(true);
  });

  it('keeps PGlite and pg behind their own entries', () => {
    expect(importGraph('pglite/index.js').packages).not.toContain('pg');
    expect(importGraph('http/index.js').packages).not.toContain('@electric-sql/pglite');
    expect(importGraph('http/index.js').files.filter((f) => f.startsWith('reference/'))).toEqual([]);
  });
});
