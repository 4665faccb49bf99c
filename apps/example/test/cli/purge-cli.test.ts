import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRelationGraph, softDeleteRows } from '@tombstone/server';
import { createDatabase, migrateToLatest, seedDemo, softDeleteTables } from '@tombstone/server/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, buildApp } from '../helpers/app-process.js';

/** What the data directory holds: all articles, deleted ones, all comments. */
async function counts(dataDir: string) {
  const db = await createDatabase({ dataDir });
  try {
    const count = async (table: 'article' | 'comment', deletedOnly = false) => {
      let query = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
      if (deletedOnly) query = query.where('is_deleted', '=', true);
      return Number((await query.executeTakeFirstOrThrow()).n);
    };
    return {
      articles: await count('article'),
      deleted: await count('article', true),
      comments: await count('comment'),
    };
  } finally {
    await db.destroy();
  }
}

describe('npm run purge (the built CLI, on a PGlite data directory)', () => {
  let dataDir: string;
  let deletedArticle: number;
  const purge = (args: string[]) =>
    spawnSync(process.execPath, ['dist/purge.js', ...args], {
      cwd: APP_DIR,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, NODE_ENV: 'production' },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    await buildApp();
    dataDir = await mkdtemp(join(tmpdir(), 'tombstone-purge-'));
    const db = await createDatabase({ dataDir });
    try {
      await migrateToLatest(db);
      await seedDemo(db);
      const article = await db.selectFrom('article').select('id').orderBy('id').executeTakeFirstOrThrow();
      deletedArticle = article.id;
      const graph = await loadRelationGraph(db, softDeleteTables);
      await softDeleteRows(db, graph, { table: 'article', ids: [article.id], actorId: null });
    } finally {
      await db.destroy();
    }
  }, 60_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to run without a cutoff, touching nothing', async () => {
    const before = await counts(dataDir);
    const run = purge([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Missing --older-than/);
    expect(await counts(dataDir)).toEqual(before);
  }, 60_000);

  it('counts on --dry-run, keeps rows deleted after the cutoff, purges the rest per table', async () => {
    const before = await counts(dataDir);
    expect(before).toEqual({ articles: 5, deleted: 1, comments: 10 });

    const dry = purge(['--older-than', '0s', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would purge/);
    expect(await counts(dataDir)).toEqual(before);

    const recent = purge(['--older-than', '1d']);
    expect(recent.status, recent.stderr).toBe(0);
    expect(await counts(dataDir)).toEqual(before);

    const run = purge(['--older-than', '0s']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/article\s+1\b/);
    expect(run.stdout).toMatch(/comment\s+2\b/);
    expect(await counts(dataDir)).toEqual({ articles: 4, deleted: 0, comments: 8 });

    const db = await createDatabase({ dataDir });
    try {
      expect(await db.selectFrom('article').select('id').where('id', '=', deletedArticle).execute()).toEqual(
        [],
      );
    } finally {
      await db.destroy();
    }
  }, 90_000);
});
