import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTombstone } from '@tombstone/server';
import {
  appRouter,
  createContext,
  createDatabase,
  migrateToLatest,
  seedDemo,
} from '@tombstone/server/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOutboxTable } from '../../src/outbox-table.js';
import { APP_DIR, buildApp } from '../helpers/app-process.js';

describe('npm run outbox (the built console consumer, on a PGlite data directory)', () => {
  let dataDir: string;
  beforeAll(async () => {
    await buildApp();
    dataDir = await mkdtemp(join(tmpdir(), 'tombstone-outbox-'));
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('prints the events a delete wrote, once', async () => {
    const db = await createDatabase({ dataDir });
    try {
      await migrateToLatest(db);
      await seedDemo(db);
      await ensureOutboxTable(db);
      const tombstone = await createTombstone(db, appRouter, { outbox: true, logger: { warn: () => {} } });
      const ctx = await createContext({ db, tombstone }, 'Bearer demo-admin-token');
      const article = await db.selectFrom('article').select('id').orderBy('id').executeTakeFirstOrThrow();
      await appRouter.createCaller(ctx).articles.delete({ id: article.id });
    } finally {
      await db.destroy();
    }
    const run = () =>
      spawnSync(process.execPath, ['dist/outbox.js', '--once'], {
        cwd: APP_DIR,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, NODE_ENV: 'production' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const events = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; table: string });
    expect(events.map((e) => `${e.kind}:${e.table}`)).toContain('delete:article');
    expect(run().stdout.trim()).toBe('');
  }, 120_000);
});
