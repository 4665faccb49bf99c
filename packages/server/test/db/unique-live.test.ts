import { expect, it } from 'vitest';
import type { Database } from '../../src/reference/db/database.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describeEachDialect<Database>(
  'unique among live rows',
  (t) => {
    async function author(email: string, isDeleted = false) {
      return t.db
        .insertInto('author')
        .values({ name: 'x', email, is_deleted: isDeleted })
        .returning('id')
        .executeTakeFirstOrThrow();
    }

    it('refuses a second live author with the same email and keeps the first', async () => {
      const first = await author('same@example.com');
      await expect(author('same@example.com')).rejects.toMatchObject({ code: '23505' });
      const rows = await t.db.selectFrom('author').select(['id', 'email']).execute();
      expect(rows).toEqual([{ id: first.id, email: 'same@example.com' }]);
    });

    it('allows a live author beside a soft-deleted one with the same email', async () => {
      await author('reuse@example.com', true);
      await author('reuse@example.com');
      const rows = await t.db.selectFrom('author').select(['email', 'is_deleted']).orderBy('id').execute();
      expect(rows).toEqual([
        { email: 'reuse@example.com', is_deleted: true },
        { email: 'reuse@example.com', is_deleted: false },
      ]);
    });

    it('refuses to un-delete a row whose value a live row now holds', async () => {
      const old = await author('taken@example.com', true);
      await author('taken@example.com');
      await expect(
        t.db.updateTable('author').set({ is_deleted: false }).where('id', '=', old.id).execute(),
      ).rejects.toMatchObject({ code: '23505' });
      const stillDeleted = await t.db
        .selectFrom('author')
        .select('is_deleted')
        .where('id', '=', old.id)
        .executeTakeFirstOrThrow();
      expect(stillDeleted.is_deleted).toBe(true);
    });

    it('applies to slugs of articles and names of categories through deleted_at', async () => {
      const { id: authorId } = await author('w@example.com');
      const article = { author_id: authorId, title: 't', slug: 'dup', content: '' };
      await t.db
        .insertInto('article')
        .values({ ...article, is_deleted: true })
        .execute();
      await t.db.insertInto('article').values(article).execute();
      await expect(t.db.insertInto('article').values(article).execute()).rejects.toMatchObject({
        code: '23505',
      });

      await t.db.insertInto('category').values({ name: 'News', deleted_at: new Date() }).execute();
      await t.db.insertInto('category').values({ name: 'News' }).execute();
      await expect(t.db.insertInto('category').values({ name: 'News' }).execute()).rejects.toMatchObject({
        code: '23505',
      });
      const counts = await t.db
        .selectFrom('category')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(counts.n)).toBe(2);
    });
  },
  { migrations },
);
