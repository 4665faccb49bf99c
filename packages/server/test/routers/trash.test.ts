import { beforeAll, expect, it } from 'vitest';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import type { AuthUser } from '../../src/reference/context.js';
import type { Database } from '../../src/reference/db/database.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import { seedDemo } from '../../src/reference/db/seed.js';
import { appRouter } from '../../src/reference/routers/app-router.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describeEachDialect<Database>(
  'admin.trash.list',
  (h) => {
    let tombstone: Tombstone;
    beforeAll(async () => {
      tombstone = await createTombstone(h.db, appRouter);
    });
    const caller = (user: AuthUser | null) =>
      appRouter.createCaller({ db: h.db, tombstone, user, hasToken: user !== null });

    async function users() {
      await seedDemo(h.db);
      const rows = await h.db.selectFrom('author').select(['id', 'name', 'is_staff']).execute();
      const of = (name: string) => {
        const row = rows.find((r) => r.name === name);
        if (!row) throw new Error(name);
        return { id: row.id, isStaff: row.is_staff };
      };
      return { admin: of('admin'), alice: of('alice') };
    }

    it('lists what a delete took, with actor, batch and cause, newest first', async () => {
      const { admin, alice } = await users();
      const article = await h.db
        .selectFrom('article')
        .select(['id'])
        .where('author_id', '=', alice.id)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const comments = await h.db
        .selectFrom('comment')
        .select('id')
        .where('article_id', '=', article.id)
        .execute();
      await caller(alice).articles.delete({ id: article.id });

      const page = await caller(admin).admin.trash.list({ limit: 100 });
      expect(page.items).toHaveLength(1 + comments.length);
      const direct = page.items.filter((e) => e.cause === 'direct');
      expect(direct).toEqual([
        expect.objectContaining({
          table: 'article',
          rowId: article.id,
          actorId: alice.id,
          parentTable: null,
        }),
      ]);
      const cascaded = page.items.filter((e) => e.cause === 'cascade');
      expect(cascaded.map((e) => e.rowId).sort()).toEqual(comments.map((c) => c.id).sort());
      for (const entry of cascaded) {
        expect(entry).toMatchObject({ table: 'comment', parentTable: 'article', parentId: article.id });
        expect(entry.batchId).toBe(direct[0]?.batchId);
      }

      const onlyArticles = await caller(admin).admin.trash.list({ table: 'article' });
      expect(onlyArticles.items.map((e) => e.rowId)).toEqual([article.id]);

      // Restored rows leave the trash.
      await caller(admin).articles.restore({ id: article.id });
      expect((await caller(admin).admin.trash.list({})).items).toEqual([]);
    });

    it('pages with a cursor, within and across audit entries', async () => {
      const { admin } = await users();
      const ids = (await h.db.selectFrom('comment').select('id').orderBy('id').execute()).map((c) => c.id);
      const [first, ...others] = ids;
      // Two entries: one comment alone, then the rest in one bulk delete (one entry, one array).
      await caller(admin).comments.bulkDelete({ ids: [first as number] });
      await caller(admin).comments.bulkDelete({ ids: others });
      const firstPage = await caller(admin).admin.trash.list({ limit: 3 });
      expect(firstPage.items).toHaveLength(3);
      expect(firstPage.nextCursor).not.toBeNull();
      const rest = await caller(admin).admin.trash.list({
        limit: 100,
        cursor: firstPage.nextCursor ?? undefined,
      });
      const seen = [...firstPage.items, ...rest.items].map((e) => e.rowId as number).sort((a, b) => a - b);
      expect(seen).toEqual(ids);
      expect(rest.nextCursor).toBeNull();
      // Newest entry first: the lone comment comes last.
      expect(rest.items.at(-1)?.rowId).toBe(first);

      // Page by 2 through everything: each row exactly once.
      const walked: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await caller(admin).admin.trash.list({ limit: 2, cursor });
        walked.push(...page.items.map((e) => e.rowId as number));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(walked.sort((a, b) => a - b)).toEqual(ids);

      await expect(caller(admin).admin.trash.list({ cursor: 'forged' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });

    it('is for staff only', async () => {
      const { alice } = await users();
      await expect(caller(null).admin.trash.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(caller(alice).admin.trash.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  },
  { migrations },
);
