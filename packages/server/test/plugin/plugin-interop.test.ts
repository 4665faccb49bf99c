import {
  CamelCasePlugin,
  type Generated,
  HandleEmptyInListsPlugin,
  type Kysely,
  type KyselyPlugin,
  ParseJSONResultsPlugin,
  replaceWithNoncontingentExpression,
  WithSchemaPlugin,
} from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import { withDeleted } from '../../src/plugin/soft-delete-scope.js';
import type { Database } from '../../src/reference/db/database.js';
import { softDeleteTables } from '../../src/reference/routers/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { seedWorld } from './fixture.js';

/** The reference `article` table as an application using `CamelCasePlugin` types it. */
interface CamelDatabase {
  article: { id: Generated<number>; authorId: number; title: string; isDeleted: Generated<boolean> };
  blogPost: { id: Generated<number>; isDeleted: boolean };
}

/** Kysely's own plugins that transform queries or results, each as a fresh instance. */
const KYSELY_PLUGINS: Array<[string, () => KyselyPlugin]> = [
  ['WithSchemaPlugin', () => new WithSchemaPlugin('public')],
  ['ParseJSONResultsPlugin', () => new ParseJSONResultsPlugin()],
  [
    'HandleEmptyInListsPlugin',
    () => new HandleEmptyInListsPlugin({ strategy: replaceWithNoncontingentExpression }),
  ],
];

describeEachDialect('softDeletePlugin beside identifier plugins', (t) => {
  it('works under CamelCasePlugin: the predicate column is converted like every other identifier', async () => {
    await seedWorld(t.db);
    const db = (t.db.withoutPlugins() as unknown as Kysely<CamelDatabase>)
      .withPlugin(
        softDeletePlugin<CamelDatabase>({ tables: { article: { column: 'isDeleted', kind: 'boolean' } } }),
      )
      .withPlugin(new CamelCasePlugin());
    const query = db.selectFrom('article as a').select(['a.id', 'a.authorId']).orderBy('a.id');
    expect(query.compile().sql).toBe(
      'select "a"."id", "a"."author_id" from "article" as "a" where "a"."is_deleted" = false order by "a"."id"',
    );
    expect(await query.execute()).toEqual([
      { id: 1, authorId: 1 },
      { id: 2, authorId: 1 },
      { id: 4, authorId: 2 },
    ]);
  });

  it('works under WithSchemaPlugin: the qualified table is still filtered by its name', async () => {
    await seedWorld(t.db);
    const db = t.db
      .withoutPlugins()
      .withPlugin(softDeletePlugin<Database>({ tables: softDeleteTables }))
      .withPlugin(new WithSchemaPlugin('public'));
    const query = db.selectFrom('article').select('id').orderBy('id');
    expect(query.compile().sql).toBe(
      'select "id" from "public"."article" where "article"."is_deleted" = false order by "id"',
    );
    expect(await query.execute()).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }]);
  });

  for (const [name, create] of KYSELY_PLUGINS) {
    for (const first of [true, false]) {
      const order = first ? `softDeletePlugin, ${name}` : `${name}, softDeletePlugin`;
      it(`gives the same rows with ${order}, and keeps the scope of a prebuilt subquery`, async () => {
        await seedWorld(t.db);
        const softDelete = softDeletePlugin<Database>({ tables: softDeleteTables });
        const base = t.db.withoutPlugins();
        const db = first
          ? base.withPlugin(softDelete).withPlugin(create())
          : base.withPlugin(create()).withPlugin(softDelete);
        const everything = withDeleted(db).selectFrom('article').select('id');
        const rows = await db
          .selectFrom('author')
          .select((eb) => [
            'author.id',
            jsonArrayFrom(
              eb
                .selectFrom('comment')
                .select('comment.id')
                .whereRef('comment.author_id', '=', 'author.id')
                .orderBy('comment.id'),
            ).as('comments'),
          ])
          .where('author.id', 'in', everything)
          // `not in ()` is valid SQL only once HandleEmptyInListsPlugin has rewritten it.
          .$if(name === 'HandleEmptyInListsPlugin', (qb) => qb.where('author.id', 'not in', []))
          .execute();
        expect(rows.map((row) => ({ ...row, comments: JSON.parse(JSON.stringify(row.comments)) }))).toEqual([
          { id: 1, comments: [{ id: 1 }] },
        ]);
        const all = await db.selectFrom(everything.as('all')).select('all.id').orderBy('all.id').execute();
        expect(all.map((row) => row.id)).toEqual([1, 2, 3, 4]);
      });
    }
  }

  it('keeps the scope of a prebuilt withDeleted subquery under a CamelCasePlugin installed after it', async () => {
    await seedWorld(t.db);
    const db = (t.db.withoutPlugins() as unknown as Kysely<CamelDatabase>)
      .withPlugin(
        softDeletePlugin<CamelDatabase>({ tables: { article: { column: 'isDeleted', kind: 'boolean' } } }),
      )
      .withPlugin(new CamelCasePlugin());
    const everything = withDeleted(db).selectFrom('article').select(['id', 'authorId']);
    const rows = await db
      .selectFrom(everything.as('all'))
      .select(['all.id', 'all.authorId'])
      .orderBy('all.id')
      .execute();
    expect(rows.map((row) => row.id)).toEqual([1, 2, 3, 4]);
    const live = await db
      .selectFrom(db.selectFrom('article').select('id').as('live'))
      .select('live.id')
      .execute();
    expect(live.map((row) => row.id).sort()).toEqual([1, 2, 4]);
  });

  it('refuses to run after a CamelCasePlugin that renames its configured names', async () => {
    const db = (t.db.withoutPlugins() as unknown as Kysely<CamelDatabase>)
      .withPlugin(new CamelCasePlugin())
      .withPlugin(
        softDeletePlugin<CamelDatabase>({
          tables: {
            article: { column: 'isDeleted', kind: 'boolean' },
            blogPost: { column: 'isDeleted', kind: 'boolean' },
          },
        }),
      );
    expect(() => withDeleted(db)).toThrow(/Install softDeletePlugin before CamelCasePlugin/);
    expect(() => db.selectFrom('blogPost').select('id').compile()).toThrow(
      /table "blog_post" is configured as "blogPost"/,
    );
  });
});
