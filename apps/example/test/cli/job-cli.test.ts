import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, migrateToLatest, seedDemo } from '@tombstone/server/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, buildApp } from '../helpers/app-process.js';
import { deletedIds } from '../helpers/db-state.js';
import { type DemoData, loadDemo } from '../helpers/demo-data.js';
import type { ReferenceDb } from '../helpers/reference-database.js';
import { insertStaleDeleteJob } from '../helpers/stale-job.js';

/** Opens the data directory (the CLI must have exited: PGlite allows one process per directory). */
async function withDb<T>(dataDir: string, work: (db: ReferenceDb) => Promise<T>): Promise<T> {
  const db = (await createDatabase({ dataDir })) as ReferenceDb;
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

describe('npm run job (the built CLI, on a PGlite data directory, chunks of 5 rows)', () => {
  let dataDir: string;
  let demo: DemoData;
  const job = (args: string[]) =>
    spawnSync(process.execPath, ['dist/job.js', ...args], {
      cwd: APP_DIR,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, NODE_ENV: 'production' },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    await buildApp();
    dataDir = await mkdtemp(join(tmpdir(), 'tombstone-job-'));
    demo = await withDb(dataDir, async (db) => {
      await migrateToLatest(db);
      await seedDemo(db);
      return loadDemo(db);
    });
  }, 60_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses bad arguments with the usage, touching nothing', async () => {
    const run = job(['delete', '--table', 'api_token', '--id', '1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Unknown table "api_token"/);
    expect(run.stderr).toContain('Usage: npm run job -- delete');
    expect(await withDb(dataDir, (db) => deletedIds(db, 'author'))).toEqual([]);
  }, 60_000);

  it('deletes an author with its tree in chunks, showing progress, then restores it exactly', async () => {
    const alice = demo.authors.alice;
    const articles = demo.articles.alice;
    const comments = articles.flatMap((a) => demo.commentsOf[a] ?? []).sort((a, b) => a - b);
    const rows = 1 + articles.length + comments.length;

    const deleted = job([
      'delete',
      '--table',
      'author',
      '--id',
      String(alice),
      '--actor',
      '1',
      '--max-rows',
      '5',
    ]);
    expect(deleted.status, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(`Deleting author ${alice} in chunks of at most 5 rows`);
    // Not a terminal: one progress line per committed chunk, ending at the total.
    const progress = deleted.stdout.match(/deleting author \d+: \d+\/\d+ rows/g) ?? [];
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(`deleting author ${alice}: ${rows}/${rows} rows`);
    expect(deleted.stdout).toMatch(new RegExp(`Job [0-9a-f-]{36}: ${rows} rows soft-deleted`));

    await withDb(dataDir, async (db) => {
      expect(await deletedIds(db, 'author')).toEqual([alice]);
      expect(await deletedIds(db, 'article')).toEqual(articles);
      expect(await deletedIds(db, 'comment')).toEqual(comments);
      const jobs = await db
        .selectFrom('tombstone_job')
        .select(['operation', 'status', 'done_rows'])
        .execute();
      expect(jobs.map((j) => [j.operation, j.status, Number(j.done_rows)])).toEqual([
        ['delete', 'done', rows],
      ]);
    });

    const list = job(['list']);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`delete\\s+author\\s+${alice}\\s+done\\s+${rows}/${rows}\\s+1`));

    const restored = job(['restore', '--table', 'author', '--id', String(alice), '--max-rows', '5']);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`restoring author ${alice}: ${rows}/${rows} rows`);
    await withDb(dataDir, async (db) => {
      expect(await deletedIds(db, 'author')).toEqual([]);
      expect(await deletedIds(db, 'article')).toEqual([]);
      expect(await deletedIds(db, 'comment')).toEqual([]);
    });
  }, 90_000);

  it('exits 1 naming a missing row; resume finishes a job a crash left running', async () => {
    const missing = job(['delete', '--table', 'author', '--id', '999999', '--max-rows', '5']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No author with id 999999.');

    const bob = demo.authors.bob;
    const stale = await withDb(dataDir, (db) =>
      insertStaleDeleteJob(db, { table: 'author', id: bob, actorId: null, totalRows: 0 }),
    );
    const resumed = job(['resume', '--max-rows', '5']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${stale}\\s+delete\\s+author\\s+${bob}\\s+done`));
    await withDb(dataDir, async (db) => {
      expect(await deletedIds(db, 'author')).toEqual([bob]);
      expect(await deletedIds(db, 'article')).toEqual(demo.articles.bob);
    });
    const again = job(['resume']);
    expect(again.stdout).toContain('Nothing to resume.');
  }, 90_000);
});
