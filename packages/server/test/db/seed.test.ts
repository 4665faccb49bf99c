import { expect, it } from 'vitest';
import { hashToken } from '../../src/reference/auth/hash-token.js';
import type { Database } from '../../src/reference/db/database.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import { DEMO_USERS, seedDemo } from '../../src/reference/db/seed.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describeEachDialect<Database>(
  'seedDemo',
  (t) => {
    async function counts() {
      const count = async (table: 'author' | 'article' | 'comment' | 'category' | 'api_token') =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        author: await count('author'),
        category: await count('category'),
        article: await count('article'),
        comment: await count('comment'),
        api_token: await count('api_token'),
      };
    }

    it('inserts the contract users, hashed tokens, two categories, articles and comments', async () => {
      const result = await seedDemo(t.db);
      expect(result.seeded).toBe(true);
      const authors = await t.db.selectFrom('author').select(['name', 'is_staff']).orderBy('id').execute();
      expect(authors).toEqual([
        { name: 'admin', is_staff: true },
        { name: 'alice', is_staff: false },
        { name: 'bob', is_staff: false },
      ]);
      const c = await counts();
      expect(c.category).toBe(2);
      expect(c.api_token).toBe(3);
      const owners = await t.db
        .selectFrom('article')
        .innerJoin('author', 'author.id', 'article.author_id')
        .select('author.name')
        .distinct()
        .execute();
      expect(owners.map((o) => o.name).sort()).toEqual(['alice', 'bob']);
      const uncommented = await t.db
        .selectFrom('article')
        .select('id')
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('comment').select('id').whereRef('comment.article_id', '=', 'article.id'))),
        )
        .execute();
      expect(uncommented).toEqual([]);
    });

    it('stores tokens as SHA-256 digests, never in clear', async () => {
      await seedDemo(t.db);
      const tokens = await t.db.selectFrom('api_token').select('token_hash').execute();
      const hashes = tokens.map((r) => r.token_hash).sort();
      expect(hashes).toEqual(DEMO_USERS.map((u) => hashToken(u.token)).sort());
      for (const user of DEMO_USERS) expect(hashes).not.toContain(user.token);
      expect(hashToken('demo-alice-token')).toMatch(/^[0-9a-f]{64}$/);
    });

    it('is idempotent: a second run changes nothing', async () => {
      await seedDemo(t.db);
      const before = await counts();
      const second = await seedDemo(t.db);
      expect(second.seeded).toBe(false);
      expect(await counts()).toEqual(before);
    });

    it('leaves a database that already has data untouched', async () => {
      await t.db.insertInto('author').values({ name: 'mine', email: 'mine@example.com' }).execute();
      expect((await seedDemo(t.db)).seeded).toBe(false);
      expect(await counts()).toEqual({ author: 1, category: 0, article: 0, comment: 0, api_token: 0 });
    });

    it('seeds once when two seeders race', async () => {
      const results = await Promise.all([seedDemo(t.db), seedDemo(t.db)]);
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect((await counts()).author).toBe(3);
    });
  },
  { migrations },
);
