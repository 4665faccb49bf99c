import { expect, it } from 'vitest';
import { describeContract, tokenOf } from '../helpers/contract-server.js';
import { deletedIds, liveIds, snapshot } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';

/** Far below an author of the demo (1 author + 3 articles + 6 comments): every such delete is a job. */
const MAX_ROWS = 5;
const UNKNOWN_JOB = '00000000-0000-4000-8000-000000000000';

describeContract(
  'admin.trash jobs (largeOperations.maxRows = 5)',
  (ctx) => {
    const trash = () => ctx.as.admin.admin.trash;
    /** Alice's articles and the comments under them. */
    const aliceTree = () => {
      const articles = ctx.demo.articles.alice;
      const comments = articles.flatMap((a) => ctx.demo.commentsOf[a] ?? []).sort((a, b) => a - b);
      return { articles, comments };
    };

    it('a delete above maxRows runs as a job, listed with its progress and outcome', async () => {
      const alice = ctx.demo.authors.alice;
      const { articles, comments } = aliceTree();
      await ctx.as.admin.authors.delete.mutate({ id: alice });

      expect(await deletedIds(ctx.db, 'author')).toEqual([alice]);
      expect(await deletedIds(ctx.db, 'article')).toEqual(articles);
      expect(await deletedIds(ctx.db, 'comment')).toEqual(comments);

      const rows = 1 + articles.length + comments.length;
      const { items } = await trash().jobs.query({});
      expect(items).toHaveLength(1);
      const [job] = items as [(typeof items)[0]];
      expect(job).toMatchObject({
        operation: 'delete',
        table: 'author',
        ids: [alice],
        actorId: ctx.demo.authors.admin,
        status: 'done',
        doneRows: rows,
        totalRows: rows,
        attempts: 1,
        error: null,
      });
      expect(job.batchIds).toHaveLength(1);
      expect(job.result).toMatchObject({ deleted: [alice], rows, blocked: [] });
      expect(Date.parse(job.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(job.createdAt));
      expect(await trash().job.query({ id: job.id })).toEqual(job);
      expect((await trash().jobs.query({ status: 'running' })).items).toEqual([]);
      expect((await trash().jobs.query({ status: 'done', limit: 1 })).items).toEqual([job]);

      // Every chunk wrote into the job's batch: the trash shows one batch with the whole tree.
      const [batch] = (await trash().batches.query({})).items;
      expect(batch).toMatchObject({
        batchId: job.batchIds[0],
        table: 'author',
        ids: [alice],
        counts: { author: 1, article: articles.length, comment: comments.length },
      });
    });

    it('restoreBatch of a batch above maxRows restores it as a job, all of it', async () => {
      const alice = ctx.demo.authors.alice;
      const { articles, comments } = aliceTree();
      await ctx.as.admin.authors.delete.mutate({ id: alice });
      const [batch] = (await trash().batches.query({})).items;
      if (!batch) throw new Error('no batch');

      const result = await trash().restoreBatch.mutate({ batchId: batch.batchId });
      expect(result).toEqual({
        batchId: batch.batchId,
        restored: { author: 1, article: articles.length, comment: comments.length },
      });
      expect(await deletedIds(ctx.db, 'author')).toEqual([]);
      expect(await deletedIds(ctx.db, 'article')).toEqual([]);
      expect(await deletedIds(ctx.db, 'comment')).toEqual([]);
      expect((await trash().batches.query({})).items).toEqual([]);

      const [restore, remove] = (await trash().jobs.query({})).items;
      expect(remove?.operation).toBe('delete');
      expect(restore).toMatchObject({
        operation: 'restore',
        table: 'author',
        ids: [alice],
        batchIds: [batch.batchId],
        status: 'done',
        doneRows: 1 + articles.length + comments.length,
      });
    });

    it('restoreBatch as a job answers CONFLICT and restores nothing when a direct row cannot come back', async () => {
      const { articles } = aliceTree();
      // Three articles with their comments (9 rows): a job.
      const deleted = await ctx.as.admin.articles.bulkDelete.mutate({ ids: articles });
      expect(deleted.errors.details).toEqual([]);
      const [batch] = (await trash().batches.query({ table: 'article' })).items;
      if (!batch) throw new Error('no batch');
      // Then their author: the articles cannot come back under a deleted author.
      await ctx.as.admin.authors.delete.mutate({ id: ctx.demo.authors.alice });
      const before = await snapshot(ctx.db);
      const jobsBefore = (await trash().jobs.query({})).items;

      const error = await expectError(trash().restoreBatch.mutate({ batchId: batch.batchId }), 'CONFLICT');
      expect(error.message).toMatch(/author/);
      expect(await snapshot(ctx.db)).toEqual(before);
      expect((await trash().jobs.query({})).items).toEqual(jobsBefore);
    });

    it('a small delete stays one transaction: no job', async () => {
      const [comment] = ctx.demo.comments.bob as [number];
      await ctx.as.admin.comments.delete.mutate({ id: comment });
      expect(await deletedIds(ctx.db, 'comment')).toEqual([comment]);
      expect((await trash().jobs.query({})).items).toEqual([]);
    });

    it('is staff only; an unknown job is NOT_FOUND; bad input is BAD_REQUEST', async () => {
      await expectError(ctx.as.alice.admin.trash.jobs.query({}), 'FORBIDDEN');
      await expectError(ctx.as.alice.admin.trash.job.query({ id: UNKNOWN_JOB }), 'FORBIDDEN');
      await expectError(ctx.as.anonymous.admin.trash.jobs.query({}), 'UNAUTHORIZED');
      const missing = await expectError(trash().job.query({ id: UNKNOWN_JOB }), 'NOT_FOUND');
      expect(missing.message).toBe(`No job ${UNKNOWN_JOB}.`);
      await expectError(trash().job.query({ id: 'not-a-uuid' }), 'BAD_REQUEST');
      await expectError(trash().jobs.query({ limit: 101 }), 'BAD_REQUEST');
      await expectError(trash().jobs.query({ status: 'stuck' as 'done' }), 'BAD_REQUEST');
      expect(await liveIds(ctx.db, 'author')).toEqual(
        [ctx.demo.authors.admin, ctx.demo.authors.alice, ctx.demo.authors.bob].sort((a, b) => a - b),
      );
    });

    it('answers over REST too: GET /api/admin/trash/jobs and /api/admin/trash/job', async () => {
      await ctx.as.admin.authors.delete.mutate({ id: ctx.demo.authors.bob });
      const get = async (path: string, token = tokenOf('admin')) => {
        const response = await fetch(`${ctx.url}/api${path}`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const list = await get('/admin/trash/jobs?status=done&limit=5');
      expect(list.status).toBe(200);
      const items = list.body.items as Array<{ id: string; table: string; ids: unknown[] }>;
      expect(items.map((j) => [j.table, j.ids])).toEqual([['author', [ctx.demo.authors.bob]]]);
      const one = await get(`/admin/trash/job?id=${items[0]?.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(items[0]);
      expect((await get(`/admin/trash/job?id=${UNKNOWN_JOB}`)).status).toBe(404);
      expect((await get('/admin/trash/jobs?limit=0')).status).toBe(400);
      expect((await get('/admin/trash/jobs', tokenOf('alice'))).status).toBe(403);
    });
  },
  { tombstone: { largeOperations: { maxRows: MAX_ROWS } } },
);
