import { CamelCasePlugin, type Generated, type Kysely, WithSchemaPlugin } from 'kysely';
import { expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import type { Database } from '../../src/reference/db/database.js';
import { softDeleteTables } from '../../src/reference/routers/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { seedWorld } from './fixture.js';

/** The reference `article` table as an application using `CamelCasePlugin` types it. */
interface CamelDatabase {
  article: { id: Generated<number>; authorId: number; title: string; isDeleted: Generated<boolean> };
}

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
});
