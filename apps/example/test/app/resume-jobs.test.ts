import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@tombstone/sdk';
import { createDatabase, migrateToLatest, seedDemo } from '@tombstone/server/reference';
import { type TestDialect, testDialects } from '@tombstone/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RunningApp, startApp } from '../helpers/app-process.js';
import { tokenOf } from '../helpers/contract-server.js';
import { deletedIds } from '../helpers/db-state.js';
import { loadDemo } from '../helpers/demo-data.js';
import { openReferenceDatabase, type ReferenceDb } from '../helpers/reference-database.js';
import { insertStaleDeleteJob } from '../helpers/stale-job.js';

/** A database for the app: a PGlite data directory, or a fresh PostgreSQL database. */
async function appDatabase(
  dialect: TestDialect,
): Promise<{ env: Record<string, string>; db: ReferenceDb; close(): Promise<void> }> {
  if (dialect === 'postgres') {
    const test = await openReferenceDatabase('postgres');
    return { env: { DATABASE_URL: test.url as string }, db: test.db, close: () => test.destroy() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'tombstone-resume-'));
  const db = (await createDatabase({ dataDir })) as ReferenceDb;
  await migrateToLatest(db);
  return {
    env: { DATA_DIR: dataDir },
    db,
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
}

describe('the built app resumes unfinished jobs at start-up', () => {
  let app: RunningApp | undefined;
  beforeAll(async () => {
    await buildApp();
  }, 120_000);
  afterAll(() => {
    if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
  });

  for (const dialect of testDialects()) {
    it(`finishes a delete job a crash left running, in the background [${dialect}]`, async () => {
      const database = await appDatabase(dialect);
      try {
        await seedDemo(database.db);
        const demo = await loadDemo(database.db);
        const alice = demo.authors.alice;
        const jobId = await insertStaleDeleteJob(database.db, {
          table: 'author',
          id: alice,
          actorId: demo.authors.admin,
          totalRows: 10,
        });
        // PGlite allows one process per data directory: hand it over to the app.
        if (dialect === 'pglite') await database.db.destroy();

        app = await startApp(database.env);
        const admin = createClient({ url: app.url, token: tokenOf('admin') });
        await expect
          .poll(async () => (await admin.admin.trash.job.query({ id: jobId })).status, { timeout: 20_000 })
          .toBe('done');
        const job = await admin.admin.trash.job.query({ id: jobId });
        expect(job).toMatchObject({ attempts: 2, doneRows: 10, error: null });
        expect(app.output()).toContain(`Resumed delete job ${jobId} (author ${alice})`);
        const [batch] = (await admin.admin.trash.batches.query({})).items;
        expect(batch).toMatchObject({ batchId: job.batchIds[0], table: 'author', ids: [alice] });
        expect(await app.stop()).toBe(0);

        const check =
          dialect === 'pglite'
            ? await createDatabase({ dataDir: database.env.DATA_DIR as string })
            : database.db;
        try {
          expect(await deletedIds(check as ReferenceDb, 'author')).toEqual([alice]);
          expect(await deletedIds(check as ReferenceDb, 'article')).toEqual(demo.articles.alice);
        } finally {
          if (dialect === 'pglite') await check.destroy();
        }
      } finally {
        await database.close();
      }
    }, 90_000);
  }
});
