import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', 'dist');
const jsFiles = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
const runtimeImports = (source: string) =>
  [
    ...source.matchAll(
      /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]);

describe('the built SDK', () => {
  it('is compiled JavaScript with declarations', () => {
    expect(jsFiles).toContain('index.js');
    expect(readdirSync(dist)).toContain('index.d.ts');
  });

  it('imports no server code at runtime: only @trpc/client, @tombstone/shared and its own files', () => {
    const imports = new Set(jsFiles.flatMap((f) => runtimeImports(readFileSync(join(dist, f), 'utf8'))));
    expect(imports.size).toBeGreaterThan(0);
    for (const specifier of imports) {
      expect(specifier).toMatch(/^(\.\/|@trpc\/client$|@tombstone\/shared$)/);
    }
    const all = jsFiles.map((f) => readFileSync(join(dist, f), 'utf8')).join('\n');
    for (const forbidden of ['kysely', 'pg', '@trpc/server', '@electric-sql/pglite', '@tombstone/server']) {
      expect(all).not.toMatch(new RegExp(`from\\s*['"]${forbidden.replace('/', '\\/')}['"/]`));
    }
  });

  it('declares its types without the server: no @tombstone/server, Kysely or driver in any .d.ts', () => {
    const declarations = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.d.ts'))
      .map((f) => readFileSync(join(dist, f), 'utf8'))
      .join('\n');
    expect(declarations).toContain('export type AppRouter');
    for (const forbidden of ['@tombstone/server', 'kysely', "'pg'", '@electric-sql/pglite']) {
      expect(declarations).not.toContain(forbidden);
    }
  });
});
