import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import { withDeleted } from '../../src/plugin/soft-delete-scope.js';
import type { Database } from '../../src/reference/db/database.js';
import { softDeleteTables } from '../../src/reference/routers/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { seedWorld, sorted } from './fixture.js';

const plugin = softDeletePlugin<Database>({ tables: softDeleteTables });

describeEachDialect(
  'softDeletePlugin',
  (t) => {
    const ids = (rows: ReadonlyArray<{ id: number | null }>) => rows.map((row) => row.id).sort();

    it('selectFrom hides deleted articles with an inlined predicate', async () => {
      await seedWorld(t.db);
      const query = t.db.selectFrom('article').select('id').where('author_id', '=', 1);
      expect(query.compile().sql).toBe(
        'select "id" from "article" where "author_id" = $1 and "article"."is_deleted" = false',
      );
      expect(query.compile().parameters).toEqual([1]);
      expect(ids(await query.execute())).toEqual([1, 2]);
    });

    it('filters a timestamp column with is null', async () => {
      await seedWorld(t.db);
      const query = t.db.selectFrom('category').select(['id', 'name']);
      expect(query.compile().sql).toBe(
        'select "id", "name" from "category" where "category"."deleted_at" is null',
      );
      expect(await query.execute()).toEqual([{ id: 1, name: 'News' }]);
    });

    it('keeps an OR filter whole by parenthesising it', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('article')
        .select('id')
        .where((eb) => eb.or([eb('id', '=', 3), eb('id', '=', 4)]));
      expect(query.compile().sql).toBe(
        'select "id" from "article" where ("id" = $1 or "id" = $2) and "article"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([4]);
    });

    it('filters each alias of a self-join', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('article as a')
        .innerJoin('article as b', 'b.author_id', 'a.author_id')
        .select(['a.id as id', 'b.id as other']);
      expect(query.compile().sql).toBe(
        'select "a"."id" as "id", "b"."id" as "other" from "article" as "a" inner join "article" as "b" on "b"."author_id" = "a"."author_id" and "b"."is_deleted" = false where "a"."is_deleted" = false',
      );
      const rows = await query.execute();
      expect(sorted(rows)).toEqual(
        sorted([
          { id: 1, other: 1 },
          { id: 1, other: 2 },
          { id: 2, other: 1 },
          { id: 2, other: 2 },
          { id: 4, other: 4 },
        ]),
      );
    });

    it('filters every table of a comma-separated FROM', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom(['article', 'category'])
        .whereRef('article.category_id', '=', 'category.id')
        .select(['article.id as id', 'category.name']);
      expect(query.compile().sql).toBe(
        'select "article"."id" as "id", "category"."name" from "article", "category" where "article"."category_id" = "category"."id" and "article"."is_deleted" = false and "category"."deleted_at" is null',
      );
      expect(sorted(await query.execute())).toEqual([
        { id: 1, name: 'News' },
        { id: 4, name: 'News' },
      ]);
    });

    it('inner join drops articles whose author is deleted', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('article')
        .innerJoin('author', 'author.id', 'article.author_id')
        .select(['article.id as id', 'author.name']);
      expect(query.compile().sql).toBe(
        'select "article"."id" as "id", "author"."name" from "article" inner join "author" on "author"."id" = "article"."author_id" and "author"."is_deleted" = false where "article"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1, 2]);
    });

    it('left join keeps the article when its comment is deleted', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('article')
        .leftJoin('comment', 'comment.article_id', 'article.id')
        .select(['article.id as id', 'comment.id as comment']);
      expect(query.compile().sql).toBe(
        'select "article"."id" as "id", "comment"."id" as "comment" from "article" left join "comment" on "comment"."article_id" = "article"."id" and "comment"."is_deleted" = false where "article"."is_deleted" = false',
      );
      expect(sorted(await query.execute())).toEqual(
        sorted([
          { id: 1, comment: 1 },
          { id: 2, comment: null },
          { id: 4, comment: null },
        ]),
      );
    });

    it('right join keeps a live comment of a deleted article with NULL article columns', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('article')
        .rightJoin('comment', 'comment.article_id', 'article.id')
        .select(['comment.id as id', 'article.title']);
      expect(query.compile().sql).toBe(
        'select "comment"."id" as "id", "article"."title" from "article" right join "comment" on "comment"."article_id" = "article"."id" and "article"."is_deleted" = false where "comment"."is_deleted" = false',
      );
      expect(sorted(await query.execute())).toEqual([
        { id: 1, title: 'one' },
        { id: 3, title: null },
      ]);
    });

    it('full join filters both sides through derived tables', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('article')
        .fullJoin('comment', 'comment.article_id', 'article.id')
        .select(['article.id as article', 'comment.id as comment']);
      expect(query.compile().sql).toBe(
        // A bare table is wrapped under an alias no table has, and references to it follow.
        'select "article$sd"."id" as "article", "comment$sd"."id" as "comment" from (select * from "article" where "article"."is_deleted" = false) as "article$sd" full join (select * from "comment" where "comment"."is_deleted" = false) as "comment$sd" on "comment$sd"."article_id" = "article$sd"."id"',
      );
      expect(sorted(await query.execute())).toEqual(
        sorted([
          { article: 1, comment: 1 },
          { article: 2, comment: null },
          { article: 4, comment: null },
          { article: null, comment: 3 },
        ]),
      );
    });

    it('filters a WHERE IN subquery', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('author')
        .select('id')
        .where('id', 'in', (eb) => eb.selectFrom('comment').select('author_id'))
        .where('is_deleted', 'in', [true, false]);
      expect(query.compile().sql).toBe(
        'select "id" from "author" where "id" in (select "author_id" from "comment" where "comment"."is_deleted" = false) and "is_deleted" in ($1, $2) and "author"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('filters a correlated EXISTS and a subquery in the select list', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('article')
        .select((eb) => [
          'article.id',
          eb
            .selectFrom('comment')
            .whereRef('comment.article_id', '=', 'article.id')
            .select(eb.fn.countAll<string>().as('n'))
            .as('comments'),
        ])
        .where((eb) =>
          eb.exists(
            eb.selectFrom('category').whereRef('category.id', '=', 'article.category_id').select('id'),
          ),
        );
      expect(query.compile().sql).toBe(
        'select "article"."id", (select count(*) as "n" from "comment" where "comment"."article_id" = "article"."id" and "comment"."is_deleted" = false) as "comments" from "article" where exists (select "id" from "category" where "category"."id" = "article"."category_id" and "category"."deleted_at" is null) and "article"."is_deleted" = false',
      );
      const rows = (await query.execute()).map((row) => ({ id: row.id, comments: Number(row.comments) }));
      expect(sorted(rows)).toEqual([
        { id: 1, comments: 1 },
        { id: 4, comments: 0 },
      ]);
    });

    it('filters a subquery in FROM and a lateral join', async () => {
      await seedWorld(t.db);
      const derived = t.db
        .selectFrom((eb) => eb.selectFrom('article').select(['id', 'author_id']).as('a'))
        .innerJoinLateral(
          (eb) => eb.selectFrom('comment').whereRef('comment.article_id', '=', 'a.id').select('body').as('c'),
          (join) => join.onTrue(),
        )
        .select(['a.id', 'c.body']);
      expect(derived.compile().sql).toBe(
        'select "a"."id", "c"."body" from (select "id", "author_id" from "article" where "article"."is_deleted" = false) as "a" inner join lateral (select "body" from "comment" where "comment"."article_id" = "a"."id" and "comment"."is_deleted" = false) as "c" on true',
      );
      expect(await derived.execute()).toEqual([{ id: 1, body: 'c1' }]);
    });

    it('does not filter a subquery twice when it was built from the plugin-enabled instance', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('author')
        .select('id')
        .where('id', 'in', t.db.selectFrom('article').select('author_id'));
      expect(query.compile().sql).toBe(
        'select "id" from "author" where "id" in (select "author_id" from "article" where "article"."is_deleted" = false) and "author"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('filters the body of a CTE and treats a CTE named like a table as the CTE', async () => {
      await seedWorld(t.db);
      const query = t.db
        .with('article', (qb) => qb.selectFrom('article').select(['id', 'title']).where('id', '<', 4))
        .selectFrom('article')
        .innerJoin('comment', 'comment.article_id', 'article.id')
        .select(['article.title', 'comment.id']);
      expect(query.compile().sql).toBe(
        'with "article" as (select "id", "title" from "article" where "id" < $1 and "article"."is_deleted" = false) select "article"."title", "comment"."id" from "article" inner join "comment" on "comment"."article_id" = "article"."id" and "comment"."is_deleted" = false',
      );
      expect(await query.execute()).toEqual([{ title: 'one', id: 1 }]);
    });

    it('filters a schema-qualified reference to the default schema', async () => {
      await seedWorld(t.db);
      const query = t.db.selectFrom('public.article' as 'article').select('id');
      expect(query.compile().sql).toBe(
        'select "id" from "public"."article" where "article"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1, 2, 4]);
    });

    it('does not filter a table of another schema', () => {
      const query = t.db.selectFrom('archive.article' as 'article').select('id');
      expect(query.compile().sql).toBe('select "id" from "archive"."article"');
    });

    it('filters every branch of union, intersect and except', async () => {
      await seedWorld(t.db);
      const union = t.db
        .selectFrom('article')
        .select('id')
        .union((eb) => eb.selectFrom('comment').select('id'));
      expect(union.compile().sql).toBe(
        'select "id" from "article" where "article"."is_deleted" = false union select "id" from "comment" where "comment"."is_deleted" = false',
      );
      expect(ids(await union.execute())).toEqual([1, 2, 3, 4]);

      const intersect = t.db
        .selectFrom('article')
        .select('id')
        .intersect((eb) => eb.selectFrom('comment').select('id'));
      expect(ids(await intersect.execute())).toEqual([1]);

      const except = t.db
        .selectFrom('article')
        .select('id')
        .except((eb) => eb.selectFrom('comment').select('id'));
      expect(except.compile().sql).toContain(
        'except select "id" from "comment" where "comment"."is_deleted" = false',
      );
      expect(ids(await except.execute())).toEqual([2, 4]);
    });

    it('updateTable updates live rows only', async () => {
      await seedWorld(t.db);
      const query = t.db
        .updateTable('article')
        .set({ title: 'renamed' })
        .where('author_id', '=', 1)
        .returning('id');
      expect(query.compile().sql).toBe(
        'update "article" set "title" = $1 where "author_id" = $2 and "article"."is_deleted" = false returning "id"',
      );
      expect(ids(await query.execute())).toEqual([1, 2]);
      const three = await withDeleted(t.db)
        .selectFrom('article')
        .select('title')
        .where('id', '=', 3)
        .executeTakeFirstOrThrow();
      expect(three.title).toBe('three');
    });

    it('UPDATE … FROM filters the target and the FROM tables', async () => {
      await seedWorld(t.db);
      const query = t.db
        .updateTable('comment')
        .from('article')
        .set({ body: 'on a live article' })
        .whereRef('comment.article_id', '=', 'article.id')
        .returning('comment.id');
      expect(query.compile().sql).toBe(
        'update "comment" set "body" = $1 from "article" where "comment"."article_id" = "article"."id" and "comment"."is_deleted" = false and "article"."is_deleted" = false returning "comment"."id"',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('deleteFrom stays a real DELETE of deleted and live rows alike', async () => {
      await seedWorld(t.db);
      const query = t.db.deleteFrom('comment').where('article_id', '=', 1);
      expect(query.compile().sql).toBe('delete from "comment" where "article_id" = $1');
      expect((await query.executeTakeFirstOrThrow()).numDeletedRows).toBe(2n);
      const left = await withDeleted(t.db).selectFrom('comment').select('id').execute();
      expect(ids(left)).toEqual([3, 4]);
    });

    it('DELETE … USING and subqueries inside a DELETE are filtered', async () => {
      await seedWorld(t.db);
      const query = t.db
        .deleteFrom('comment')
        .using('article')
        .whereRef('comment.article_id', '=', 'article.id')
        .where('comment.author_id', 'not in', (eb) => eb.selectFrom('author').select('id'))
        .returning('comment.id');
      expect(query.compile().sql).toBe(
        'delete from "comment" using "article" where "comment"."article_id" = "article"."id" and "comment"."author_id" not in (select "id" from "author" where "author"."is_deleted" = false) and "article"."is_deleted" = false returning "comment"."id"',
      );
      // Comment 3 is bob's (deleted author) but on deleted article 3: the USING filter keeps it.
      expect(await query.execute()).toEqual([]);
      const withAuthorNull = await t.db
        .deleteFrom('comment')
        .using('article')
        .whereRef('comment.article_id', '=', 'article.id')
        .where('comment.author_id', 'is', null)
        .returning('comment.id')
        .execute();
      expect(withAuthorNull).toEqual([{ id: 4 }]);
    });

    it('insertInto … select copies live rows only', async () => {
      await seedWorld(t.db);
      const query = t.db
        .insertInto('comment')
        .columns(['article_id', 'body'])
        .expression((eb) => eb.selectFrom('article').select(['id', sql.lit('first!').as('body')]))
        .returning('article_id');
      expect(query.compile().sql).toBe(
        'insert into "comment" ("article_id", "body") select "id", \'first!\' as "body" from "article" where "article"."is_deleted" = false returning "article_id"',
      );
      expect((await query.execute()).map((row) => row.article_id).sort()).toEqual([1, 2, 4]);
    });

    it('leaves onConflict alone: a soft-deleted row does not conflict under the partial unique index', async () => {
      await seedWorld(t.db);
      const query = t.db
        .insertInto('article')
        .values({ author_id: 1, title: 'again', slug: 'three', content: '' })
        .onConflict((oc) => oc.column('slug').where('is_deleted', '=', false).doNothing())
        .returning('id');
      expect(query.compile().sql).toBe(
        'insert into "article" ("author_id", "title", "slug", "content") values ($1, $2, $3, $4) on conflict ("slug") where "is_deleted" = $5 do nothing returning "id"',
      );
      expect(await query.execute()).toEqual([{ id: 5 }]);
      const live = t.db
        .insertInto('article')
        .values({ author_id: 1, title: 'dup', slug: 'one', content: '' })
        .onConflict((oc) => oc.column('slug').where('is_deleted', '=', false).doNothing())
        .returning('id');
      expect(await live.execute()).toEqual([]);
    });

    it('MERGE matches live target rows only and ignores deleted source rows', async () => {
      await seedWorld(t.db);
      const query = t.db
        .mergeInto('comment as target')
        .using('comment as source', 'source.id', 'target.id')
        .whenMatched()
        .thenUpdateSet({ body: 'merged' });
      expect(query.compile().sql).toBe(
        'merge into "comment" as "target" using (select * from "comment" as "source" where "source"."is_deleted" = false) as "source" on "source"."id" = "target"."id" and "target"."is_deleted" = false when matched then update set "body" = $1',
      );
      await query.execute();
      const bodies = await withDeleted(t.db)
        .selectFrom('comment')
        .select(['id', 'body'])
        .orderBy('id')
        .execute();
      expect(bodies.map((row) => row.body)).toEqual(['merged', 'c2', 'merged', 'c4']);
    });

    it('does not parse raw sql fragments', async () => {
      await seedWorld(t.db);
      const { rows } = await sql<{ id: number }>`select id from article`.execute(t.db);
      expect(ids(rows)).toEqual([1, 2, 3, 4]);
    });

    it('filters Kysely builders interpolated into a raw fragment', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('author')
        .select('id')
        .where(
          sql<boolean>`exists ${t.db.selectFrom('article').where('article.author_id', '=', sql.ref<number>('author.id')).select('id')}`,
        );
      expect(query.compile().sql).toBe(
        // The raw condition is bracketed: the plugin cannot know what binds inside its text.
        'select "id" from "author" where (exists (select "id" from "article" where "article"."author_id" = "author"."id" and "article"."is_deleted" = false)) and "author"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('leaves queries without a configured table untouched', async () => {
      await seedWorld(t.db);
      const query = t.db.selectFrom('api_token').select('id').where('author_id', '=', 1);
      const node = query.toOperationNode();
      expect(plugin.transformQuery({ node, queryId: { queryId: 'x' } })).toBe(node);
      expect(query.compile().sql).toBe('select "id" from "api_token" where "author_id" = $1');
      expect(await query.execute()).toEqual([]);
    });
  },
  { plugins: [plugin] },
);

describeEachDialect(
  'softDeletePlugin with rewriteDeletes',
  (t) => {
    it('turns deleteFrom into an UPDATE that soft-deletes live rows and keeps RETURNING', async () => {
      await seedWorld(t.db);
      const query = t.db.deleteFrom('article').where('author_id', '=', 1).returning(['id', 'is_deleted']);
      expect(query.compile().sql).toBe(
        'update "article" set "is_deleted" = true where "author_id" = $1 and "article"."is_deleted" = false returning "id", "is_deleted"',
      );
      expect(await query.execute()).toEqual([
        { id: 1, is_deleted: true },
        { id: 2, is_deleted: true },
      ]);
      const all = await withDeleted(t.db).selectFrom('article').select('id').orderBy('id').execute();
      expect(all.map((row) => row.id)).toEqual([1, 2, 3, 4]);
    });

    it('stamps deleted_at = now() and reports soft-deleted rows as deleted', async () => {
      await seedWorld(t.db);
      const query = t.db.deleteFrom('category').where('name', '=', 'News');
      expect(query.compile().sql).toBe(
        'update "category" set "deleted_at" = now() where "name" = $1 and "category"."deleted_at" is null',
      );
      expect((await query.executeTakeFirstOrThrow()).numDeletedRows).toBe(1n);
      const deleted = await withDeleted(t.db).selectFrom('category').select(['id', 'deleted_at']).execute();
      expect(deleted.every((row) => row.deleted_at instanceof Date)).toBe(true);
    });

    it('keeps USING as FROM and deletes tables that are not soft-deletable for real', async () => {
      await seedWorld(t.db);
      const query = t.db
        .deleteFrom('comment')
        .using('article')
        .whereRef('comment.article_id', '=', 'article.id');
      expect(query.compile().sql).toBe(
        'update "comment" set "is_deleted" = true from "article" where "comment"."article_id" = "article"."id" and "comment"."is_deleted" = false and "article"."is_deleted" = false',
      );
      expect((await query.executeTakeFirstOrThrow()).numDeletedRows).toBe(1n);
      await t.db.insertInto('api_token').values({ author_id: 1, token_hash: 'h' }).execute();
      const hard = t.db.deleteFrom('api_token');
      expect(hard.compile().sql).toBe('delete from "api_token"');
      expect((await hard.executeTakeFirstOrThrow()).numDeletedRows).toBe(1n);
    });
  },
  { plugins: [softDeletePlugin<Database>({ tables: softDeleteTables, rewriteDeletes: true })] },
);
