import { spawnSync } from 'node:child_process';
import { withPurgeLock } from '@tombstone/server';
import { createDatabase } from '@tombstone/server/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, buildApp } from '../helpers/app-process.js';
import { openReferenceDatabase, type ReferenceTestDatabase } from '../helpers/reference-database.js';

const url = process.env.DATABASE_URL;

describe.runIf(url)('npm run purge while another purge runs on the same PostgreSQL [postgres]', () => {
  let test: ReferenceTestDatabase;

  beforeAll(async () => {
    await buildApp();
    test = await openReferenceDatabase('postgres', { poolSize: 2 });
  }, 60_000);

  afterAll(async () => {
    await test?.destroy();
  });

  it('exits with code 3 and says another purge is running; runs normally once it has finished', async () => {
    const purge = () =>
      spawnSync(process.execPath, ['dist/purge.js', '--older-than', '0s'], {
        cwd: APP_DIR,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: test.url as string, NODE_ENV: 'production' },
        encoding: 'utf8',
      });
    const holder = await createDatabase({ url: test.url, poolSize: 1 });
    try {
      const blocked = await withPurgeLock(holder, false, async () => purge());
      expect(blocked.status, blocked.stderr).toBe(3);
      expect(blocked.stderr).toMatch(/Another retention purge is running on this database/);
    } finally {
      await holder.destroy();
    }
    const free = purge();
    expect(free.status, free.stderr).toBe(0);
    expect(free.stdout).toMatch(/purged/);
  }, 60_000);
});
