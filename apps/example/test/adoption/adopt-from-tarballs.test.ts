import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openTestDatabase, type TestDatabase, testDialects } from '@tombstone/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installApp, packPackages, removeAll, type Tarballs, typecheck } from '../helpers/packed-packages.js';

const run = promisify(execFile);
const FIXTURE = join(import.meta.dirname, 'app');

/** What `app/main.ts` prints. */
interface Report {
  warnings: string[];
  afterDelete: Record<string, number>;
  getDeleted: string;
  afterRestore: Record<string, number>;
  t3Deleted: boolean;
  bulk: {
    success: { count: number; details: unknown[] };
    errors: { details: Array<{ id: unknown; code: string }> };
  };
  restStatus: number;
  dryRun: { dryRun: boolean; tables: Record<string, number> };
}

// An app nobody here wrote the schema of installs the packed packages, type-checks strictly
// (skipLibCheck off) and runs delete → cascade through a partition → exact restore → bulk → REST
// → purge dry run, on each database.
describe('adopting the packed packages in an app with its own schema', () => {
  let packed: { dir: string; tarballs: Tarballs } | undefined;
  let app: string | undefined;

  beforeAll(async () => {
    packed = await packPackages();
    app = await installApp({
      ...packed.tarballs,
      kysely: '0.28.19',
      '@trpc/server': '11.25.2',
      '@trpc/client': '11.25.2',
      zod: '4.6.7',
      pg: '8.23.1',
      '@electric-sql/pglite': '0.5.16',
      '@types/node': '20.19.43',
      '@types/pg': '8.23.1',
      // PGlite's declarations name Emscripten's types without depending on them: with skipLibCheck
      // off an app needs them too.
      '@types/emscripten': '1.41.6',
    });
    for (const file of ['schema.ts', 'router.ts', 'main.ts', 'tsconfig.json']) {
      await copyFile(join(FIXTURE, file), join(app, file));
    }
    await typecheck(join(app, 'tsconfig.json'));
  }, 240_000);
  afterAll(() => removeAll(packed?.dir, app));

  for (const dialect of testDialects()) {
    it(`soft-deletes, cascades, restores exactly and purges on its own schema [${dialect}]`, async () => {
      let database: TestDatabase<unknown> | undefined;
      try {
        if (dialect === 'postgres') database = await openTestDatabase('postgres', { migrations: {} });
        const { DATABASE_URL: _unused, ...rest } = process.env;
        const env = database?.url ? { ...rest, DATABASE_URL: database.url } : rest;
        const { stdout } = await run(process.execPath, [join(app as string, 'out', 'main.js')], {
          cwd: app,
          env,
        });
        const report = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Report;

        // The view reads a soft-deletable table: said out loud at start-up.
        expect(report.warnings.some((w) => w.includes('open_tasks'))).toBe(true);
        // Deleting the workspace took its project, tasks and the time entries in both partitions.
        expect(report.afterDelete).toEqual({
          projects: 0,
          tasks: 0,
          timeEntries: 0,
          allTimeEntries: 2,
          members: 1,
        });
        expect(report.getDeleted).toBe('NOT_FOUND');
        // The restore brings back what the delete took, not T-3 deleted on its own before.
        expect(report.afterRestore).toEqual({
          projects: 1,
          tasks: 2,
          timeEntries: 2,
          allTimeEntries: 2,
          members: 1,
        });
        expect(report.t3Deleted).toBe(true);
        expect(report.bulk.success.details).toEqual(['T-1']);
        expect(report.bulk.errors.details).toEqual([
          expect.objectContaining({ id: 'T-404', code: 'NOT_FOUND' }),
        ]);
        expect(report.restStatus).toBe(204);
        expect(report.dryRun.dryRun).toBe(true);
        expect(report.dryRun.tables).toMatchObject({ task: 3, time_entry: 2 });
      } finally {
        await database?.destroy();
      }
    }, 120_000);
  }
});
