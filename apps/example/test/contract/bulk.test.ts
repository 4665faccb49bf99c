import { describe, expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { deletedIds, deletedState, openDeletions, snapshot } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';
import { expectBulkResult } from '../helpers/resources.js';
import { StatementRecorder } from '../helpers/statement-recorder.js';

const MISSING = 999_999;
const recorder = new StatementRecorder();

/** Errors sorted by id, for comparing without depending on the server's order. */
const byId = <T extends { id: number }>(items: readonly T[]) => [...items].sort((a, b) => a.id - b.id);
const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

describeContract(
  'bulk operations',
  (ctx) => {
    const newArticles = async (count: number, client = ctx.as.alice) => {
      const ids: number[] = [];
      for (let n = 0; n < count; n++) {
        const row = await client.articles.create.mutate({
          title: `Bulk ${n}`,
          slug: `bulk-${n}`,
          content: '',
        });
        ids.push(row.id);
      }
      return ids;
    };

    describe('bulkDelete', () => {
      it('is one UPDATE … = ANY(…) statement on the table, whatever the number of ids', async () => {
        const ids = await newArticles(5);
        recorder.start();
        const result = expectBulkResult(await ctx.as.admin.articles.bulkDelete.mutate({ ids }));
        const statements = recorder.stop(ctx.db);
        expect(sorted(result.success.details)).toEqual(ids);
        const updates = statements.filter((s) => /\bupdate\s+"?article"?\s/i.test(s));
        expect(updates, statements.join('\n')).toHaveLength(1);
        expect(updates[0]).toMatch(/=\s*any\s*\(/i);

        // 10,000 ids: still one statement, and no bind parameter per id.
        const many = [...ids, ...Array.from({ length: 9_995 }, (_, i) => 100_000 + i)];
        recorder.start();
        const big = expectBulkResult(await ctx.as.admin.articles.bulkDelete.mutate({ ids: many }));
        const again = recorder.stop(ctx.db).filter((s) => /\bupdate\s+"?article"?\s/i.test(s));
        expect(again.length).toBeLessThanOrEqual(1);
        expect(big.success.count).toBe(5);
        expect(big.errors.count).toBe(9_995);
        expect(new Set(big.errors.details.map((e) => e.code))).toEqual(new Set(['NOT_FOUND']));
      });

      it('partial success: missing, forbidden and allowed ids in one call, exact BulkResult', async () => {
        const [a1, a2] = ctx.demo.articles.alice as [number, number];
        const [b1] = ctx.demo.articles.bob as [number];
        await ctx.as.alice.articles.delete.mutate({ id: a2 });
        const a2Deletion = await openDeletions(ctx.db, 'article', a2);
        const bobBefore = await ctx.db.selectFrom('article').selectAll().where('id', '=', b1).execute();

        const result = expectBulkResult(
          await ctx.as.alice.articles.bulkDelete.mutate({ ids: [a1, a2, b1, MISSING, a1, MISSING] }),
        );

        expect(result.success).toEqual({ count: 2, details: expect.any(Array) });
        expect(sorted(result.success.details)).toEqual(sorted([a1, a2]));
        expect(result.errors.count).toBe(2);
        expect(byId(result.errors.details)).toEqual(
          byId([
            { id: b1, code: 'FORBIDDEN', message: expect.any(String) },
            { id: MISSING, code: 'NOT_FOUND', message: expect.any(String) },
          ]),
        );
        for (const error of result.errors.details) expect(error.message.length).toBeGreaterThan(0);

        expect(await deletedState(ctx.db, 'article', a1)).toBe(true);
        expect(await openDeletions(ctx.db, 'article', a2)).toEqual(a2Deletion);
        expect(await ctx.db.selectFrom('article').selectAll().where('id', '=', b1).execute()).toEqual(
          bobBefore,
        );
      });

      it('partial success for comments and authors (owner rows only)', async () => {
        const [mine] = ctx.demo.comments.alice as [number];
        const [bobs] = ctx.demo.comments.bob as [number];
        const comments = expectBulkResult(
          await ctx.as.alice.comments.bulkDelete.mutate({ ids: [mine, bobs, MISSING] }),
        );
        expect(comments.success.details).toEqual([mine]);
        expect(byId(comments.errors.details).map((e) => [e.id, e.code])).toEqual(
          byId([
            { id: bobs, code: 'FORBIDDEN' },
            { id: MISSING, code: 'NOT_FOUND' },
          ]).map((e) => [e.id, e.code]),
        );
        expect(await deletedState(ctx.db, 'comment', bobs)).toBe(false);

        const { alice, bob } = ctx.demo.authors;
        const authors = expectBulkResult(await ctx.as.bob.authors.bulkDelete.mutate({ ids: [alice, bob] }));
        expect(authors.success.details).toEqual([bob]);
        expect(authors.errors.details.map((e) => [e.id, e.code])).toEqual([[alice, 'FORBIDDEN']]);
        expect(await deletedState(ctx.db, 'author', alice)).toBe(false);
        expect(await deletedState(ctx.db, 'author', bob)).toBe(true);
      });

      it('a deleted row the caller may not see is NOT_FOUND per id, like an absent one (existence rule)', async () => {
        const [mine] = ctx.demo.comments.alice as [number];
        const [bobs] = ctx.demo.comments.bob as [number];
        await ctx.as.bob.comments.delete.mutate({ id: bobs });
        const result = expectBulkResult(
          await ctx.as.alice.comments.bulkDelete.mutate({ ids: [mine, bobs, MISSING] }),
        );
        expect(result.success.details).toEqual([mine]);
        expect(byId(result.errors.details).map((e) => [e.id, e.code])).toEqual(
          byId([
            { id: bobs, code: 'NOT_FOUND' },
            { id: MISSING, code: 'NOT_FOUND' },
          ]).map((e) => [e.id, e.code]),
        );
        // Bob, its owner, still sees it: deleting it again is a success (idempotent).
        const again = expectBulkResult(await ctx.as.bob.comments.bulkDelete.mutate({ ids: [bobs] }));
        expect(again.success.details).toEqual([bobs]);
      });

      it('partial success for categories: a RESTRICT-blocked id is a CONFLICT, the others proceed', async () => {
        const spare = await ctx.as.admin.categories.create.mutate({ name: 'Spare' });
        const { engineering } = ctx.demo.categories;
        const result = expectBulkResult(
          await ctx.as.admin.categories.bulkDelete.mutate({ ids: [spare.id, engineering, MISSING] }),
        );
        expect(result.success.details).toEqual([spare.id]);
        expect(byId(result.errors.details).map((e) => [e.id, e.code])).toEqual(
          byId([
            { id: engineering, code: 'CONFLICT' },
            { id: MISSING, code: 'NOT_FOUND' },
          ]).map((e) => [e.id, e.code]),
        );
        const conflict = result.errors.details.find((e) => e.id === engineering);
        expect(conflict?.message).toMatch(/article/);
        expect(await deletedIds(ctx.db, 'category')).toEqual([spare.id]);
      });

      it('ignores duplicate ids', async () => {
        const [id] = await newArticles(1);
        const result = expectBulkResult(
          await ctx.as.alice.articles.bulkDelete.mutate({ ids: [id as number, id as number, id as number] }),
        );
        expect(result).toEqual({ success: { count: 1, details: [id] }, errors: { count: 0, details: [] } });
        expect(await openDeletions(ctx.db, 'article', id as number)).toHaveLength(1);
      });

      it('counts already deleted ids as success and keeps their original deletion', async () => {
        const ids = await newArticles(2);
        await ctx.as.alice.articles.delete.mutate({ id: ids[0] as number });
        const original = await openDeletions(ctx.db, 'article', ids[0] as number);
        const result = expectBulkResult(await ctx.as.admin.articles.bulkDelete.mutate({ ids }));
        expect(sorted(result.success.details)).toEqual(ids);
        expect(await openDeletions(ctx.db, 'article', ids[0] as number)).toEqual(original);
        expect(original[0]?.actor_id).toBe(ctx.demo.authors.alice);
      });

      it('cascades like delete: the articles’ comments go too', async () => {
        const ids = ctx.demo.articles.alice;
        const result = expectBulkResult(await ctx.as.alice.articles.bulkDelete.mutate({ ids }));
        expect(sorted(result.success.details)).toEqual(ids);
        const comments = ids.flatMap((id) => ctx.demo.commentsOf[id] ?? []);
        expect(await deletedIds(ctx.db, 'comment')).toEqual(sorted(comments));
      });

      it('takes 1 to 10,000 ids', async () => {
        const before = await snapshot(ctx.db);
        await expectError(ctx.as.admin.articles.bulkDelete.mutate({ ids: [] }), 'BAD_REQUEST');
        const tooMany = Array.from({ length: 10_001 }, (_, i) => i + 1);
        await expectError(ctx.as.admin.articles.bulkDelete.mutate({ ids: tooMany }), 'BAD_REQUEST');
        await expectError(ctx.as.admin.articles.bulkRestore.mutate({ ids: tooMany }), 'BAD_REQUEST');
        expect(await snapshot(ctx.db)).toEqual(before);
      });
    });

    describe('bulkRestore', () => {
      it('partial success: restored, live, missing, colliding and orphaned ids in one call', async () => {
        const [a1, a2, a3] = await newArticles(3);
        const admin = ctx.as.admin;
        await admin.articles.bulkDelete.mutate({ ids: [a1 as number, a3 as number] });
        // a3's slug is taken by a new live article: restoring it would collide.
        const taker = await ctx.as.bob.articles.create.mutate({
          title: 'Taker',
          slug: 'bulk-2',
          content: '',
        });
        // A comment whose article is deleted cannot come back on its own.
        const [b1] = ctx.demo.articles.bob as [number];
        const orphan = ctx.demo.commentsOf[b1]?.[0] as number;
        await admin.articles.delete.mutate({ id: b1 });

        const result = expectBulkResult(
          await admin.articles.bulkRestore.mutate({
            ids: [a1 as number, a2 as number, a3 as number, MISSING, a1 as number],
          }),
        );
        expect(sorted(result.success.details)).toEqual(sorted([a1 as number, a2 as number]));
        expect(byId(result.errors.details).map((e) => [e.id, e.code])).toEqual(
          byId([
            { id: a3 as number, code: 'CONFLICT' },
            { id: MISSING, code: 'NOT_FOUND' },
          ]).map((e) => [e.id, e.code]),
        );
        expect(await deletedState(ctx.db, 'article', a1 as number)).toBe(false);
        expect(await deletedState(ctx.db, 'article', a3 as number)).toBe(true);
        expect(await deletedState(ctx.db, 'article', taker.id)).toBe(false);

        const comments = expectBulkResult(await admin.comments.bulkRestore.mutate({ ids: [orphan] }));
        expect(comments.success.count).toBe(0);
        expect(comments.errors.details.map((e) => [e.id, e.code])).toEqual([[orphan, 'CONFLICT']]);
        expect(await deletedState(ctx.db, 'comment', orphan)).toBe(true);
      });

      it('restores what each row’s delete cascaded to', async () => {
        const ids = ctx.demo.articles.alice;
        await ctx.as.alice.articles.bulkDelete.mutate({ ids });
        const result = expectBulkResult(await ctx.as.admin.articles.bulkRestore.mutate({ ids }));
        expect(sorted(result.success.details)).toEqual(ids);
        expect(await deletedIds(ctx.db, 'article')).toEqual([]);
        expect(await deletedIds(ctx.db, 'comment')).toEqual([]);
      });
    });
  },
  { plugins: [recorder.plugin] },
);
