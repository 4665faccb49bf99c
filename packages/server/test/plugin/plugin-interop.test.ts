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
import type { Database } from '../fixtures/database.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { seedWorld } from './fixture.js';

/** The tracker's `project` table as an application using `CamelCasePlugin` types it. */
interface CamelDatabase {
  project: { id: Generated<number>; teamId: number; name: string; isDeleted: Generated<boolean> };
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
        softDeletePlugin<CamelDatabase>({ tables: { project: { column: 'isDeleted', kind: 'boolean' } } }),
      )
      .withPlugin(new CamelCasePlugin());
    const query = db.selectFrom('project as a').select(['a.id', 'a.teamId']).orderBy('a.id');
    expect(query.compile().sql).toBe(
      'select "a"."id", "a"."team_id" from "project" as "a" where "a"."is_deleted" = false order by "a"."id"',
    );
    expect(await query.execute()).toEqual([
      { id: 1, teamId: 1 },
      { id: 2, teamId: 1 },
      { id: 4, teamId: 2 },
    ]);
  });

  it('works under WithSchemaPlugin: the qualified table is still filtered by its name', async () => {
    await seedWorld(t.db);
    const db = t.db
      .withoutPlugins()
      .withPlugin(softDeletePlugin<Database>({ tables: softDeleteTables }))
      .withPlugin(new WithSchemaPlugin('public'));
    const query = db.selectFrom('project').select('id').orderBy('id');
    expect(query.compile().sql).toBe(
      'select "id" from "public"."project" where "project"."is_deleted" = false order by "id"',
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
        const everything = withDeleted(db).selectFrom('project').select('id');
        const rows = await db
          .selectFrom('team')
          .select((eb) => [
            'team.id',
            jsonArrayFrom(
              eb
                .selectFrom('task')
                .select('task.id')
                .whereRef('task.team_id', '=', 'team.id')
                .orderBy('task.id'),
            ).as('tasks'),
          ])
          .where('team.id', 'in', everything)
          // `not in ()` is valid SQL only once HandleEmptyInListsPlugin has rewritten it.
          .$if(name === 'HandleEmptyInListsPlugin', (qb) => qb.where('team.id', 'not in', []))
          .execute();
        expect(rows.map((row) => ({ ...row, tasks: JSON.parse(JSON.stringify(row.tasks)) }))).toEqual([
          { id: 1, tasks: [{ id: 1 }] },
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
        softDeletePlugin<CamelDatabase>({ tables: { project: { column: 'isDeleted', kind: 'boolean' } } }),
      )
      .withPlugin(new CamelCasePlugin());
    const everything = withDeleted(db).selectFrom('project').select(['id', 'teamId']);
    const rows = await db
      .selectFrom(everything.as('all'))
      .select(['all.id', 'all.teamId'])
      .orderBy('all.id')
      .execute();
    expect(rows.map((row) => row.id)).toEqual([1, 2, 3, 4]);
    const live = await db
      .selectFrom(db.selectFrom('project').select('id').as('live'))
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
            project: { column: 'isDeleted', kind: 'boolean' },
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
