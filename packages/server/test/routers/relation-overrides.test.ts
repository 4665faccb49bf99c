import { expect, it } from 'vitest';
import { createTombstone } from '../../src/procedures/tombstone.js';
import type { Database } from '../../src/reference/db/database.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import { seedDemo } from '../../src/reference/db/seed.js';
import { appRouter } from '../../src/reference/routers/app-router.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describeEachDialect<Database>(
  'createTombstone relation overrides',
  (h) => {
    /** Bob's comment on one of alice's articles: the article stays, only the author goes. */
    async function bobsCommentOnAlice() {
      await seedDemo(h.db);
      const author = (name: string) =>
        h.db
          .selectFrom('author')
          .select(['id', 'is_staff'])
          .where('name', '=', name)
          .executeTakeFirstOrThrow();
      const [admin, alice, bob] = [await author('admin'), await author('alice'), await author('bob')];
      const article = await h.db
        .selectFrom('article')
        .select('id')
        .where('author_id', '=', alice.id)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const comment = await h.db
        .insertInto('comment')
        .values({ article_id: article.id, author_id: bob.id, body: 'from bob' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { admin: { id: admin.id, isStaff: admin.is_staff }, bob, article, comment };
    }

    const state = (id: number) =>
      h.db
        .selectFrom('comment')
        .select(['is_deleted', 'author_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    it('by default leaves a SET NULL child alone when its author is soft-deleted', async () => {
      const { admin, bob, comment } = await bobsCommentOnAlice();
      const tombstone = await createTombstone(h.db, appRouter);
      await appRouter
        .createCaller({ db: h.db, tombstone, user: admin, hasToken: true })
        .authors.delete({ id: bob.id });
      expect(await state(comment.id)).toEqual({ is_deleted: false, author_id: bob.id });
    });

    it('follows a key overridden to CASCADE, and restores what it took', async () => {
      const { admin, bob, article, comment } = await bobsCommentOnAlice();
      const tombstone = await createTombstone(h.db, appRouter, {
        overrides: { 'comment.author_id': 'cascade' },
      });
      const relation = tombstone.graph.relations.find((r) => r.name === 'comment_author_id_fkey');
      expect(relation).toMatchObject({ onDelete: 'cascade', declaredOnDelete: 'set null' });

      const admins = appRouter.createCaller({ db: h.db, tombstone, user: admin, hasToken: true });
      await admins.authors.delete({ id: bob.id });
      expect(await state(comment.id)).toEqual({ is_deleted: true, author_id: bob.id });
      const alicesArticle = await h.db
        .selectFrom('article')
        .select('is_deleted')
        .where('id', '=', article.id)
        .executeTakeFirstOrThrow();
      expect(alicesArticle.is_deleted).toBe(false);

      await admins.authors.restore({ id: bob.id });
      expect(await state(comment.id)).toEqual({ is_deleted: false, author_id: bob.id });
    });

    it('refuses an override that names no foreign key', async () => {
      await expect(
        createTombstone(h.db, appRouter, { overrides: { 'comment.autor_id': 'cascade' } }),
      ).rejects.toThrow(
        'No foreign key into a soft-deletable table matches the override(s) "comment.autor_id".',
      );
    });
  },
  { migrations },
);
