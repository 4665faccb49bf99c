import { describe, expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { deletedIds, deletedState, liveIds, openDeletions, snapshot } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';

const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

describeContract('cascade', (ctx) => {
  const commentsOfArticles = (articles: readonly number[]) =>
    sorted(articles.flatMap((id) => ctx.demo.commentsOf[id] ?? []));

  describe('CASCADE', () => {
    it('deleting an author soft-deletes their articles and those articles’ comments, in one go', async () => {
      const { alice } = ctx.demo.authors;
      await ctx.as.admin.authors.delete.mutate({ id: alice });

      expect(await deletedIds(ctx.db, 'author')).toEqual([alice]);
      expect(await deletedIds(ctx.db, 'article')).toEqual(ctx.demo.articles.alice);
      expect(await deletedIds(ctx.db, 'comment')).toEqual(commentsOfArticles(ctx.demo.articles.alice));
      // The audit trail tells the direct delete from the cascaded ones.
      expect(await openDeletions(ctx.db, 'author', alice)).toMatchObject([{ cause: 'direct' }]);
      for (const id of ctx.demo.articles.alice) {
        expect(await openDeletions(ctx.db, 'article', id)).toMatchObject([{ cause: 'cascade' }]);
      }
      // Through the API, the cascaded rows are gone too.
      await expectError(
        ctx.as.anonymous.articles.get.query({ id: ctx.demo.articles.alice[0] as number }),
        'NOT_FOUND',
      );
      const page = await ctx.as.anonymous.articles.list.query({});
      expect(page.items.map((a) => a.id)).toEqual(ctx.demo.articles.bob);
    });

    it('deleting an article soft-deletes its comments only', async () => {
      const [article] = ctx.demo.articles.bob as [number];
      await ctx.as.bob.articles.delete.mutate({ id: article });
      expect(await deletedIds(ctx.db, 'article')).toEqual([article]);
      expect(await deletedIds(ctx.db, 'comment')).toEqual(commentsOfArticles([article]));
    });
  });

  describe('SET NULL', () => {
    it('a soft-deleted author’s comments on other articles stay live and keep their author_id', async () => {
      const { alice } = ctx.demo.authors;
      const onOthers = await ctx.db
        .selectFrom('comment')
        .select(['id', 'author_id', 'is_deleted'])
        .where('author_id', '=', alice)
        .where('article_id', 'not in', ctx.demo.articles.alice)
        .orderBy('id')
        .execute();
      expect(onOthers.length).toBeGreaterThan(0);
      await ctx.as.alice.authors.delete.mutate({ id: alice });
      const after = await ctx.db
        .selectFrom('comment')
        .select(['id', 'author_id', 'is_deleted'])
        .where(
          'id',
          'in',
          onOthers.map((c) => c.id),
        )
        .orderBy('id')
        .execute();
      expect(after).toEqual(onOthers);
    });

    it('the database applies SET NULL on hard delete', async () => {
      const { alice } = ctx.demo.authors;
      const onOthers = ctx.demo.comments.alice.filter(
        (id) => !commentsOfArticles(ctx.demo.articles.alice).includes(id),
      );
      await ctx.as.admin.authors.hardDelete.mutate({ id: alice });
      const rows = await ctx.db
        .selectFrom('comment')
        .select(['id', 'author_id'])
        .where('id', 'in', onOthers)
        .execute();
      expect(rows.map((r) => r.author_id)).toEqual(onOthers.map(() => null));
      const comment = await ctx.as.anonymous.comments.get.query({ id: onOthers[0] as number });
      expect(comment.authorId).toBeNull();
    });
  });

  describe('RESTRICT', () => {
    it('a live referencing row blocks the delete: CONFLICT naming the table and count, nothing changes', async () => {
      const { engineering } = ctx.demo.categories;
      const referencing = await ctx.db
        .selectFrom('article')
        .select('id')
        .where('category_id', '=', engineering)
        .execute();
      expect(referencing.length).toBeGreaterThan(1);
      const before = await snapshot(ctx.db);
      const error = await expectError(ctx.as.admin.categories.delete.mutate({ id: engineering }), 'CONFLICT');
      expect(error.message).toContain('article');
      expect(error.message).toContain(String(referencing.length));
      expect(await snapshot(ctx.db)).toEqual(before);
    });

    it('soft-deleted referencing rows do not block', async () => {
      const { announcements } = ctx.demo.categories;
      const referencing = await ctx.db
        .selectFrom('article')
        .select('id')
        .where('category_id', '=', announcements)
        .execute();
      for (const { id } of referencing) await ctx.as.admin.articles.delete.mutate({ id });
      await ctx.as.admin.categories.delete.mutate({ id: announcements });
      expect(await deletedIds(ctx.db, 'category')).toEqual([announcements]);
    });
  });

  describe('restore', () => {
    it('restores exactly the rows its own delete cascaded to, not rows deleted separately before', async () => {
      const { alice } = ctx.demo.authors;
      const [a1, a2, a3] = ctx.demo.articles.alice as [number, number, number];
      const [c2] = ctx.demo.commentsOf[a2] as [number];
      // Deleted separately, before the author.
      await ctx.as.alice.articles.delete.mutate({ id: a1 });
      await ctx.as.admin.comments.delete.mutate({ id: c2 });

      await ctx.as.admin.authors.delete.mutate({ id: alice });
      expect(await deletedIds(ctx.db, 'article')).toEqual([a1, a2, a3]);

      const restored = await ctx.as.admin.authors.restore.mutate({ id: alice });
      expect(restored).toMatchObject({ id: alice, isDeleted: false });
      expect(await deletedIds(ctx.db, 'author')).toEqual([]);
      expect(await deletedIds(ctx.db, 'article')).toEqual([a1]);
      expect(await deletedIds(ctx.db, 'comment')).toEqual(sorted([...commentsOfArticles([a1]), c2]));
      // a1's own deletion is still on record, untouched.
      expect(await openDeletions(ctx.db, 'article', a1)).toMatchObject([
        { cause: 'direct', actor_id: alice },
      ]);
    });

    it('restores exactly the rows its own delete cascaded to, not rows deleted separately after a restore', async () => {
      const [article] = ctx.demo.articles.bob as [number];
      const [c1, c2] = ctx.demo.commentsOf[article] as [number, number];
      await ctx.as.bob.articles.delete.mutate({ id: article });
      await ctx.as.admin.articles.restore.mutate({ id: article });
      expect(await deletedIds(ctx.db, 'comment')).toEqual([]);

      await ctx.as.admin.comments.delete.mutate({ id: c1 });
      await ctx.as.bob.articles.delete.mutate({ id: article });
      await ctx.as.admin.articles.restore.mutate({ id: article });
      expect(await deletedState(ctx.db, 'comment', c1)).toBe(true);
      expect(await deletedState(ctx.db, 'comment', c2)).toBe(false);
    });

    it('restoring a row whose parent is still deleted answers CONFLICT and changes nothing', async () => {
      const { alice } = ctx.demo.authors;
      const [a1] = ctx.demo.articles.alice as [number];
      const [c1] = ctx.demo.commentsOf[a1] as [number];
      await ctx.as.admin.authors.delete.mutate({ id: alice });
      const before = await snapshot(ctx.db);
      await expectError(ctx.as.admin.articles.restore.mutate({ id: a1 }), 'CONFLICT');
      await expectError(ctx.as.admin.comments.restore.mutate({ id: c1 }), 'CONFLICT');
      expect(await snapshot(ctx.db)).toEqual(before);

      // Once the parent is back, so is everything its delete took.
      await ctx.as.admin.authors.restore.mutate({ id: alice });
      expect(await liveIds(ctx.db, 'article')).toEqual(
        sorted([...ctx.demo.articles.alice, ...ctx.demo.articles.bob]),
      );
    });

    it('restoring a row restored earlier is a no-op that returns it', async () => {
      const [article] = ctx.demo.articles.bob as [number];
      await ctx.as.bob.articles.delete.mutate({ id: article });
      const first = await ctx.as.admin.articles.restore.mutate({ id: article });
      const before = await snapshot(ctx.db);
      expect(await ctx.as.admin.articles.restore.mutate({ id: article })).toEqual(first);
      expect(await snapshot(ctx.db)).toEqual(before);
    });
  });
});
