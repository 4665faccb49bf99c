import { Kysely } from 'kysely';
import { expect, expectTypeOf, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import { onlyDeleted, withDeleted, withSoftDeleteScope } from '../../src/plugin/soft-delete-scope.js';
import type { Database } from '../../src/reference/db/database.js';
import { softDeleteTables } from '../../src/reference/routers/soft-delete-tables.js';
import { compilingDatabase } from '../../src/testing/compiling-database.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { seedWorld } from './fixture.js';

const plugin = softDeletePlugin<Database>({ tables: softDeleteTables });

describeEachDialect(
  'soft-delete scopes',
  (t) => {
    const ids = (rows: ReadonlyArray<{ id: number }>) => rows.map((row) => row.id).sort();

    it('withDeleted sees live and deleted rows', async () => {
      await seedWorld(t.db);
      const query = withDeleted(t.db).selectFrom('article').select('id');
      expect(query.compile().sql).toBe('select "id" from "article"');
      expect(ids(await query.execute())).toEqual([1, 2, 3, 4]);
    });

    it('onlyDeleted sees deleted rows only, for both kinds of column', async () => {
      await seedWorld(t.db);
      const articles = onlyDeleted(t.db).selectFrom('article').select('id');
      expect(articles.compile().sql).toBe('select "id" from "article" where "article"."is_deleted" = true');
      expect(ids(await articles.execute())).toEqual([3]);
      const categories = onlyDeleted(t.db).selectFrom('category').select('id');
      expect(categories.compile().sql).toBe(
        'select "id" from "category" where "category"."deleted_at" is not null',
      );
      expect(ids(await categories.execute())).toEqual([2]);
    });

    it('a scope for some tables leaves the others excluded', async () => {
      await seedWorld(t.db);
      const query = onlyDeleted(t.db, ['comment'])
        .selectFrom('comment')
        .innerJoin('article', 'article.id', 'comment.article_id')
        .select('comment.id as id');
      expect(query.compile().sql).toBe(
        'select "comment"."id" as "id" from "comment" inner join "article" on "article"."id" = "comment"."article_id" and "article"."is_deleted" = false where "comment"."is_deleted" = true',
      );
      expect(ids(await query.execute())).toEqual([2, 4]);
    });

    it('scopes compose table by table', async () => {
      await seedWorld(t.db);
      const db = onlyDeleted(withDeleted(t.db, ['article']), ['author']);
      const query = db
        .selectFrom('article')
        .innerJoin('author', 'author.id', 'article.author_id')
        .select('article.id as id');
      expect(query.compile().sql).toBe(
        'select "article"."id" as "id" from "article" inner join "author" on "author"."id" = "article"."author_id" and "author"."is_deleted" = true',
      );
      expect(ids(await query.execute())).toEqual([4]);
      const back = withSoftDeleteScope(db, 'exclude').selectFrom('article').select('id');
      expect(back.compile().sql).toBe('select "id" from "article" where "article"."is_deleted" = false');
    });

    it('a transaction opened from a scoped instance keeps its scope', async () => {
      await seedWorld(t.db);
      const seen = await withDeleted(t.db, ['article'])
        .transaction()
        .execute(async (trx) => trx.selectFrom('article').select('id').execute());
      expect(ids(seen)).toEqual([1, 2, 3, 4]);
    });

    it('scoping a transaction returns a transaction that runs inside it', async () => {
      await seedWorld(t.db);
      await t.db.transaction().execute(async (trx) => {
        await trx.updateTable('article').set({ is_deleted: true }).where('id', '=', 1).execute();
        const trash = onlyDeleted(trx, ['article']);
        expectTypeOf(trash).toEqualTypeOf(trx);
        expect(trash.isTransaction).toBe(true);
        expect(ids(await trash.selectFrom('article').select('id').execute())).toEqual([1, 3]);
        expect(ids(await trx.selectFrom('article').select('id').execute())).toEqual([2, 4]);
      });
    });

    it('a subquery keeps the scope of the instance it was built from', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('author')
        .select('id')
        .where('id', 'in', withDeleted(t.db).selectFrom('article').select('author_id'));
      expect(query.compile().sql).toBe(
        'select "id" from "author" where "id" in (select "author_id" from "article") and "author"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('keeps other plugins installed, in order', () => {
      const scoped = withDeleted(t.db.withSchema('public'));
      expect(scoped.getExecutor().plugins.map((p) => p.constructor.name)).toEqual([
        'WithSchemaPlugin',
        'SoftDeletePlugin',
      ]);
      expect(scoped.selectFrom('article').select('id').compile().sql).toBe(
        'select "id" from "public"."article"',
      );
    });
  },
  { plugins: [plugin] },
);

it('returns the instance unchanged when the plugin is not installed', () => {
  const db = compilingDatabase<Database>();
  expect(withDeleted(db)).toBe(db);
  expect(onlyDeleted(db, ['article'])).toBe(db);
  expectTypeOf(withSoftDeleteScope(db, 'include')).toEqualTypeOf<Kysely<Database>>();
});

it('type-checks table names of a scope against the database', () => {
  const db = compilingDatabase<Database>([plugin]);
  // @ts-expect-error: not a table of Database
  withDeleted(db, ['articles']);
  expect(withDeleted(db, ['article'])).toBeInstanceOf(Kysely);
});
