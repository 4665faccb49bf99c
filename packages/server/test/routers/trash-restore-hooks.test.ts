import { expect, it } from 'vitest';
import { createTombstone } from '../../src/procedures/tombstone.js';
import type { AuthUser } from '../../src/reference/context.js';
import type { Database } from '../../src/reference/db/database.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import { seedDemo } from '../../src/reference/db/seed.js';
import { appRouter } from '../../src/reference/routers/app-router.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { type Recorded, recordingHooks } from '../lifecycle/lifecycle-router.js';

describeEachDialect<Database>(
  'the trash console restore and the lifecycle',
  (h) => {
    it('admin.trash.restoreBatch calls afterRestore for the batch rows, direct and cascaded', async () => {
      const calls: Recorded[] = [];
      const tombstone = await createTombstone(h.db, appRouter, {
        logger: { warn: () => {} },
        hooks: recordingHooks(calls, 'global'),
      });
      await seedDemo(h.db);
      const author = async (name: string): Promise<AuthUser> => {
        const row = await h.db
          .selectFrom('author')
          .select(['id', 'is_staff'])
          .where('name', '=', name)
          .executeTakeFirstOrThrow();
        return { id: row.id, isStaff: row.is_staff };
      };
      const admin = await author('admin');
      const alice = await author('alice');
      const caller = (user: AuthUser) =>
        appRouter.createCaller({ db: h.db, tombstone, user, hasToken: true });
      const article = await h.db
        .selectFrom('article')
        .select('id')
        .where('author_id', '=', alice.id)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const comments = (
        await h.db.selectFrom('comment').select('id').where('article_id', '=', article.id).execute()
      ).map((c) => c.id);
      await caller(alice).articles.delete({ id: article.id });
      const [entry] = (await caller(admin).admin.trash.list({ table: 'article' })).items;
      calls.length = 0;

      await caller(admin).admin.trash.restoreBatch({ batchId: entry?.batchId as string });

      const restored = calls.filter((c) => c.hook === 'global.afterRestore');
      expect(restored.map((c) => [c.table, [...c.ids].sort(), c.cause])).toEqual([
        ['article', [article.id], 'direct'],
        ['comment', [...comments].sort(), 'cascade'],
      ]);
      const live = await h.db.selectFrom('comment').select('id').where('is_deleted', '=', false).execute();
      expect(live.map((c) => c.id)).toEqual(expect.arrayContaining(comments));
    });
  },
  { migrations },
);
