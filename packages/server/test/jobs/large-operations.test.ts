import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { restoreRows } from '../../src/cascade/restore-rows.js';
import { runDeleteJob } from '../../src/jobs/delete-job.js';
import { getJob, listJobs } from '../../src/jobs/job-store.js';
import { runRestoreJob } from '../../src/jobs/restore-job.js';
import { resumeJobs } from '../../src/jobs/resume-jobs.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { cascadeViolations } from '../../src/testing/cascade-invariant.js';
import { openTestDatabase, type TestDatabase, testDialects } from '../../src/testing/index.js';
import { trashViolations } from '../../src/testing/trash-invariant.js';
import {
  deletedCounts,
  type JobsDb,
  jobsCaller,
  jobsMigrations,
  jobsRouter,
  seedDocuments,
} from './jobs-schema.js';

const silent = { warn: () => {} };
/** One account of 4 folders × (5 docs + 5 replies): 45 rows, far above a chunk of 8. */
const SHAPE = { accounts: 1, folders: 4, docs: 5 };
const ROWS = 1 + 4 * (1 + 2 * 5);
const MAX_ROWS = 8;

for (const dialect of testDialects()) {
  describe(`large deletes and restores as chunked jobs [${dialect}]`, () => {
    let test: TestDatabase<JobsDb>;
    let db: Kysely<JobsDb>;
    let tombstone: Tombstone;
    beforeAll(async () => {
      test = await openTestDatabase<JobsDb>(dialect, { migrations: jobsMigrations });
      db = test.db;
      tombstone = await createTombstone(db, jobsRouter, {
        logger: silent,
        advisor: false,
        largeOperations: { maxRows: MAX_ROWS },
        tables: {
          folder: { column: 'is_deleted', kind: 'boolean' },
          share: { column: 'is_deleted', kind: 'boolean' },
        },
      });
    }, 60_000);
    beforeEach(async () => {
      await test.reset();
    });
    afterAll(async () => {
      await test?.destroy();
    });

    /** Live rows under a deleted parent (the invariant every commit must keep). */
    async function liveUnderDeleted(): Promise<string[]> {
      return (await cascadeViolations(db, tombstone.graph, 100)).filter((p) => p.startsWith('live '));
    }

    async function auditEntries() {
      const { rows } = await sql<{ batch_id: string; cause: string; size: number; open: boolean }>`
        select batch_id::text, cause, cardinality(row_ids) as size, open from tombstone_deletion order by id
      `.execute(db);
      return rows;
    }

    it('deletes in chunks of at most maxRows rows, children first, every commit keeping the invariant', async () => {
      const [account] = await seedDocuments(db, SHAPE);
      const checks: Promise<string[]>[] = [];
      const progress: number[] = [];
      const result = await runDeleteJob(
        db,
        tombstone.graph,
        { table: 'account', ids: [account as number], actorId: 7 },
        {
          maxRows: MAX_ROWS,
          onProgress: (p) => {
            progress.push(p.doneRows);
            checks.push(liveUnderDeleted());
          },
        },
      );

      expect(result).toMatchObject({ deleted: [account], blocked: [], missing: [], rows: ROWS, undone: 0 });
      expect(await deletedCounts(db)).toEqual({
        account: '1/1',
        folder: '4/4',
        doc: '40/40',
        share: '0/0',
      });
      for (const problems of await Promise.all(checks)) expect(problems).toEqual([]);
      // Several chunks, each a transaction of at most MAX_ROWS rows, all in ONE audit batch.
      expect(progress.length).toBeGreaterThan(ROWS / MAX_ROWS);
      expect(progress.at(-1)).toBe(ROWS);
      const entries = await auditEntries();
      expect(new Set(entries.map((e) => e.batch_id))).toEqual(new Set([result.batchId]));
      expect(Math.max(...entries.map((e) => e.size))).toBeLessThanOrEqual(MAX_ROWS);
      expect(entries.filter((e) => e.cause === 'direct')).toHaveLength(1);
      expect(await trashViolations(db, tombstone.graph)).toEqual([]);
      expect(await cascadeViolations(db, tombstone.graph)).toEqual([]);

      const job = await getJob(db, result.jobId);
      expect(job).toMatchObject({ operation: 'delete', table: 'account', status: 'done', doneRows: ROWS });
      expect(job?.totalRows).toBe(ROWS);
    });

    it('an exact restore of the account brings back precisely what the job took', async () => {
      const [account, other] = await seedDocuments(db, { ...SHAPE, accounts: 2 });
      // Deleted before, separately: must stay deleted.
      await sql`update doc set deleted_at = now() where slug = 'doc-1-1-reply'`.execute(db);
      await runDeleteJob(
        db,
        tombstone.graph,
        { table: 'account', ids: [account as number], actorId: 7 },
        { maxRows: MAX_ROWS },
      );

      const restored = await db
        .transaction()
        .execute((trx) =>
          restoreRows(trx, tombstone.graph, { table: 'account', ids: [account as number], actorId: 7 }),
        );
      expect(restored.restored).toEqual([account]);
      expect(await deletedCounts(db)).toEqual({ account: '0/2', folder: '0/8', doc: '1/80', share: '0/0' });
      expect(other).toBeDefined();
      expect((await auditEntries()).filter((e) => e.open)).toEqual([]);
    });

    it('restores as a job: the requested row first, then entry by entry, parents before children', async () => {
      const [account] = await seedDocuments(db, SHAPE);
      await runDeleteJob(
        db,
        tombstone.graph,
        { table: 'account', ids: [account as number], actorId: 7 },
        { maxRows: MAX_ROWS },
      );
      const checks: Promise<string[]>[] = [];
      const result = await runRestoreJob(
        db,
        tombstone.graph,
        { table: 'account', ids: [account as number], actorId: 9 },
        { maxRows: MAX_ROWS, onProgress: () => checks.push(liveUnderDeleted()) },
      );
      expect(result).toMatchObject({ restored: [account], conflicts: [], rows: ROWS, rowConflicts: [] });
      expect(await deletedCounts(db)).toEqual({ account: '0/1', folder: '0/4', doc: '0/40', share: '0/0' });
      for (const problems of await Promise.all(checks)) expect(problems).toEqual([]);
      expect((await auditEntries()).filter((e) => e.open)).toEqual([]);
      const { rows } = await sql<{
        by: string;
      }>`select distinct restored_by as by from tombstone_deletion`.execute(db);
      expect(rows).toEqual([{ by: '9' }]);
      expect(await getJob(db, result.jobId)).toMatchObject({
        operation: 'restore',
        status: 'done',
        doneRows: ROWS,
      });
    });

    it('a row whose unique key a live row took stays in the trash with everything under it', async () => {
      const [account] = await seedDocuments(db, SHAPE);
      await runDeleteJob(
        db,
        tombstone.graph,
        { table: 'account', ids: [account as number], actorId: 7 },
        { maxRows: MAX_ROWS },
      );
      // Another account takes the slug of doc 1 of folder 1 while it is in the trash.
      const [taker] = await seedDocuments(db, { accounts: 1, folders: 1, docs: 0 });
      const folder = await db
        .selectFrom('folder')
        .select('id')
        .where('account_id', '=', taker as number)
        .executeTakeFirstOrThrow();
      const { rows: first } = await sql<{
        slug: string;
      }>`select slug from doc where parent_id is null order by id limit 1`.execute(db);
      const slug = first[0]?.slug as string;
      await db
        .insertInto('doc')
        .values({ folder_id: folder.id, slug, parent_id: null, deleted_at: null })
        .execute();

      const result = await runRestoreJob(
        db,
        tombstone.graph,
        { table: 'account', ids: [account as number], actorId: 7 },
        { maxRows: MAX_ROWS },
      );
      expect(result.restored).toEqual([account]);
      expect(result.rowConflicts).toHaveLength(1);
      expect(result.rowConflicts[0]).toMatchObject({ table: 'doc' });
      // That doc and its reply stay deleted; everything else of the account is back.
      const { rows } = await sql<{
        slug: string;
      }>`select slug from doc where deleted_at is not null order by slug`.execute(db);
      expect(rows.map((r) => r.slug)).toEqual([slug, `${slug}-reply`]);
      expect(result.rows).toBe(ROWS - 2);
      expect(await liveUnderDeleted()).toEqual([]);
      expect(await trashViolations(db, tombstone.graph)).toEqual([]);
    });

    it('a RESTRICT child found mid-job refuses the row and puts back what the job had flagged under it', async () => {
      const [blocked, free] = await seedDocuments(db, { ...SHAPE, accounts: 2 });
      // A live share (outside the tree) keeps the last doc of the blocked account.
      const { rows } = await sql<{ id: number }>`
        select d.id from doc d join folder f on f.id = d.folder_id where f.account_id = ${blocked} order by d.id desc limit 1
      `.execute(db);
      await db
        .insertInto('share')
        .values({ doc_id: rows[0]?.id as number })
        .execute();
      const before = await deletedCounts(db);

      const result = await runDeleteJob(
        db,
        tombstone.graph,
        { table: 'account', ids: [blocked as number, free as number], actorId: 7 },
        { maxRows: MAX_ROWS },
      );
      expect(result.deleted).toEqual([free]);
      expect(result.blocked.map((b) => b.id)).toEqual([blocked]);
      expect(result.blocked[0]?.message).toMatch(/share/);
      // The job had flagged chunks under the blocked account before it met the share: undone.
      expect(result.undone).toBeGreaterThan(0);
      expect(before).toEqual({ account: '0/2', folder: '0/8', doc: '0/80', share: '0/1' });
      expect(await deletedCounts(db)).toEqual({ account: '1/2', folder: '4/8', doc: '40/80', share: '0/1' });
      expect(await cascadeViolations(db, tombstone.graph)).toEqual([]);
      expect(await trashViolations(db, tombstone.graph)).toEqual([]);
    });

    it('resumes a job whose process died mid-way, and the result is the same as one run', async () => {
      const [account] = await seedDocuments(db, SHAPE);
      let chunks = 0;
      const crash = new Error('the process died');
      await expect(
        runDeleteJob(
          db,
          tombstone.graph,
          { table: 'account', ids: [account as number], actorId: 7 },
          {
            maxRows: MAX_ROWS,
            onProgress: () => {
              if (++chunks === 2) throw crash;
            },
          },
        ),
      ).rejects.toBe(crash);
      // What a crash leaves: the job still `running`, its heartbeat old, two chunks committed.
      await sql`update tombstone_job set status = 'running', error = null, finished_at = null,
        heartbeat_at = now() - interval '10 minutes'`.execute(db);
      const partial = await deletedCounts(db);
      expect(partial.account).toBe('0/1');
      expect(Number(partial.doc?.split('/')[0])).toBeGreaterThan(0);
      expect(await liveUnderDeleted()).toEqual([]);

      const resumed = await resumeJobs(db, tombstone.graph, { maxRows: MAX_ROWS });
      expect(resumed).toHaveLength(1);
      expect(await deletedCounts(db)).toEqual({ account: '1/1', folder: '4/4', doc: '40/40', share: '0/0' });
      const [job] = await listJobs(db);
      expect(job).toMatchObject({ status: 'done', attempts: 2, doneRows: ROWS });
      expect(new Set((await auditEntries()).map((e) => e.batch_id)).size).toBe(1);
      expect(await cascadeViolations(db, tombstone.graph)).toEqual([]);
      // Nothing else to resume.
      expect(await resumeJobs(db, tombstone.graph, { maxRows: MAX_ROWS, staleAfterMs: 0 })).toEqual([]);
    });

    it('hooks see every chunk once: each statement of each chunk, at most maxRows rows, the job batch', async () => {
      const [account] = await seedDocuments(db, SHAPE);
      const deleted: { table: string; ids: number; batchId: string }[] = [];
      const restored: { table: string; ids: number }[] = [];
      const hooked = await createTombstone(db, jobsRouter, {
        logger: silent,
        advisor: false,
        largeOperations: { maxRows: MAX_ROWS },
        tables: {
          folder: { column: 'is_deleted', kind: 'boolean' },
          share: { column: 'is_deleted', kind: 'boolean' },
        },
        hooks: {
          afterDelete: ({ table, ids, batchId }) => {
            deleted.push({ table, ids: ids.length, batchId });
          },
          afterRestore: ({ table, ids }) => {
            restored.push({ table, ids: ids.length });
          },
        },
      });
      const options = { maxRows: MAX_ROWS, lifecycle: hooked.lifecycle };
      const result = await runDeleteJob(
        db,
        hooked.graph,
        { table: 'account', ids: [account as number], actorId: 7 },
        options,
      );
      expect(deleted.reduce((n, d) => n + d.ids, 0)).toBe(ROWS);
      expect(Math.max(...deleted.map((d) => d.ids))).toBeLessThanOrEqual(MAX_ROWS);
      expect(new Set(deleted.map((d) => d.batchId))).toEqual(new Set([result.batchId]));
      await runRestoreJob(
        db,
        hooked.graph,
        { table: 'account', ids: [account as number], actorId: 7 },
        options,
      );
      expect(restored.reduce((n, r) => n + r.ids, 0)).toBe(ROWS);
      expect(await deletedCounts(db)).toEqual({ account: '0/1', folder: '0/4', doc: '0/40', share: '0/0' });
    });

    it('the generated procedures turn a delete or restore above maxRows into a job, and keep small ones in one transaction', async () => {
      const [big] = await seedDocuments(db, SHAPE);
      const caller = jobsCaller(db, tombstone);
      const { rows: docs } = await sql<{
        id: number;
      }>`select id from doc where parent_id is not null order by id limit 1`.execute(db);
      await caller.docs.delete({ id: docs[0]?.id as number });
      expect(await listJobs(db)).toEqual([]);

      await caller.accounts.delete({ id: big as number });
      expect(await deletedCounts(db)).toEqual({ account: '1/1', folder: '4/4', doc: '40/40', share: '0/0' });
      await caller.accounts.restore({ id: big as number });
      // The reply deleted on its own before stays deleted: the restore is exact.
      expect(await deletedCounts(db)).toEqual({ account: '0/1', folder: '0/4', doc: '1/40', share: '0/0' });
      const jobs = await listJobs(db);
      expect(jobs.map((j) => [j.operation, j.status])).toEqual([
        ['restore', 'done'],
        ['delete', 'done'],
      ]);

      const result = await caller.accounts.bulkDelete({ ids: [big as number, 999] });
      expect(result.success.details).toEqual([big]);
      expect(result.errors.details).toEqual([expect.objectContaining({ id: 999, code: 'NOT_FOUND' })]);
      expect(await listJobs(db)).toHaveLength(3);
    });

    it('a delete job refused by RESTRICT answers CONFLICT through the procedures and changes nothing', async () => {
      const [account] = await seedDocuments(db, SHAPE);
      const { rows } = await sql<{ id: number }>`select max(id) as id from doc`.execute(db);
      await db
        .insertInto('share')
        .values({ doc_id: rows[0]?.id as number })
        .execute();
      const caller = jobsCaller(db, tombstone);
      await expect(caller.accounts.delete({ id: account as number })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await deletedCounts(db)).toEqual({ account: '0/1', folder: '0/4', doc: '0/40', share: '0/1' });
    });
  });
}
