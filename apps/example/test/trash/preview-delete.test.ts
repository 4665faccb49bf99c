import { describe, expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { deletedIds, snapshot } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';

const byTable = (entries: readonly { table: string; count: number }[]) =>
  Object.fromEntries(entries.map((e) => [e.table, e.count]));

describeContract('previewDelete', (ctx) => {
  describe('articles.previewDelete', () => {
    it('tells what the delete takes, changes nothing, and equals the outcome', async () => {
      const [article] = ctx.demo.articles.bob as [number];
      const comments = ctx.demo.commentsOf[article] ?? [];
      const before = await snapshot(ctx.db);
      const preview = await ctx.as.bob.articles.previewDelete.query({ ids: [article] });
      expect(await snapshot(ctx.db)).toEqual(before);
      expect(preview.blocked).toEqual([]);
      expect(byTable(preview.deletes)).toEqual({
        article: 1,
        ...(comments.length > 0 ? { comment: comments.length } : {}),
      });

      await ctx.as.bob.articles.delete.mutate({ id: article });
      expect(await deletedIds(ctx.db, 'article')).toEqual([article]);
      expect((await deletedIds(ctx.db, 'comment')).length).toBe(comments.length);
    });

    it('answers FORBIDDEN as delete does, for someone else’s article', async () => {
      const [article] = ctx.demo.articles.alice as [number];
      await expectError(ctx.as.bob.articles.previewDelete.query({ ids: [article] }), 'FORBIDDEN');
      await expectError(ctx.as.anonymous.articles.previewDelete.query({ ids: [article] }), 'UNAUTHORIZED');
    });
  });

  describe('categories.previewDelete', () => {
    it('names the RESTRICT constraint and the live rows that block, like the delete’s CONFLICT', async () => {
      const category = ctx.demo.categories.engineering;
      const live = await ctx.db
        .selectFrom('article')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('category_id', '=', category)
        .where('is_deleted', '=', false)
        .executeTakeFirstOrThrow();
      const preview = await ctx.as.admin.categories.previewDelete.query({ ids: [category] });
      expect(preview.deletes).toEqual([]);
      expect(preview.blocked).toEqual([
        { table: 'article', count: Number(live.n), constraint: expect.stringContaining('category') },
      ]);
      await expectError(ctx.as.admin.categories.delete.mutate({ id: category }), 'CONFLICT');
    });
  });

  describe('REST', () => {
    it('POST /api/articles/bulk/preview answers the preview', async () => {
      const [article] = ctx.demo.articles.bob as [number];
      const response = await fetch(`${ctx.url}/api/articles/bulk/preview`, {
        method: 'POST',
        headers: { authorization: 'Bearer demo-bob-token', 'content-type': 'application/json' },
        body: JSON.stringify({ ids: [article] }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { deletes: { table: string; count: number }[] };
      expect(byTable(body.deletes).article).toBe(1);
    });
  });
});
