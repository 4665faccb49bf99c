import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadRelationGraph } from '../../src/cascade/load-relation-graph.js';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { PURGE_LOCK_KEY, PurgeInProgressError } from '../../src/cascade/purge-lock.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { openTestDatabase } from '../../src/testing/index.js';
import type { Database } from '../fixtures/database.js';
import { migrations } from '../fixtures/migrations/index.js';
import { seedTracker } from '../fixtures/seed.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';

const url = process.env.DATABASE_URL;

describe.runIf(url)('the retention purge runs at most once at a time per database [postgres]', () => {
  it('a second purge exits at once with PurgeInProgressError, or waits with waitForLock, and then purges', async () => {
    const test = await openTestDatabase<Database>('postgres', { migrations, poolSize: 3 });
    const other = new pg.Client({ connectionString: test.url as string });
    other.on('error', () => {});
    try {
      await seedTracker(test.db);
      const graph = await loadRelationGraph(test.db, softDeleteTables);
      const project = await test.db
        .selectFrom('project')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await softDeleteRows(test.db, graph, { table: 'project', ids: [project.id], actorId: null });
      await sql`update tombstone_deletion set deleted_at = now() - interval '40 days'`.execute(test.db);
      const options = { olderThan: new Date(Date.now() - 86_400_000) };
      const projectExists = async () =>
        (await test.db.selectFrom('project').select('id').where('id', '=', project.id).execute()).length;

      // Another process (here: another session) is purging: it holds the lock.
      await other.connect();
      await other.query('select pg_advisory_lock($1::bigint)', [PURGE_LOCK_KEY]);
      await expect(purgeDeleted(test.db, graph, options)).rejects.toBeInstanceOf(PurgeInProgressError);
      await expect(purgeDeleted(test.db, graph, options)).rejects.toThrow(
        /Another retention purge is running/,
      );
      expect(await projectExists()).toBe(1);
      // A dry run takes no lock.
      expect((await purgeDeleted(test.db, graph, { ...options, dryRun: true })).total).toBeGreaterThan(0);

      let settled = false;
      const waiting = purgeDeleted(test.db, graph, { ...options, waitForLock: true }).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      expect(await projectExists()).toBe(1);
      await other.query('select pg_advisory_unlock($1::bigint)', [PURGE_LOCK_KEY]);
      expect((await waiting).total).toBeGreaterThan(0);
      expect(await projectExists()).toBe(0);

      // The lock was released: the next purge runs (and finds nothing left).
      expect((await purgeDeleted(test.db, graph, options)).total).toBe(0);
    } finally {
      await other.end().catch(() => {});
      await test.destroy();
    }
  }, 30_000);
});
