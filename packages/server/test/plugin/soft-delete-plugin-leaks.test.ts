/**
 * The shapes an outside differential suite found leaking (issue 10): raw `sql` conditions with
 * OR, CTEs named like the target of a write, FULL joins of schema-qualified tables, and views
 * created from a filtered builder. Each asserts the rows the database returns or changes.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import { withDeleted } from '../../src/plugin/soft-delete-scope.js';
import type { Database } from '../fixtures/database.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { seedWorld, sorted } from './fixture.js';
import type { AnyDb } from './fuzz-model.js';

const ids = (rows: ReadonlyArray<{ id: number | null }>) => rows.map((row) => row.id).sort();

/** An instance whose plugin rewrites DELETEs into soft deletes. */
function rewriting(db: Kysely<Database>): Kysely<Database> {
  return db
    .withoutPlugins()
    .withPlugin(softDeletePlugin<Database>({ tables: softDeleteTables, rewriteDeletes: true }));
}

async function projectFlags(db: Kysely<Database>): Promise<Array<{ id: number; is_deleted: boolean }>> {
  return db.withoutPlugins().selectFrom('project').select(['id', 'is_deleted']).orderBy('id').execute();
}

describeEachDialect(
  'softDeletePlugin without leaks',
  (t) => {
    it('keeps a raw sql condition with OR whole: a deleted row matching one branch stays hidden', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('project')
        .select('id')
        .where(sql<boolean>`name = ${'three'} or name = ${'one'}`);
      expect(query.compile().sql).toBe(
        'select "id" from "project" where (name = $1 or name = $2) and "project"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('keeps a raw OR in a built chain whole: where(raw).where(x) is bracketed as a whole', async () => {
      await seedWorld(t.db);
      const rows = await t.db
        .selectFrom('project')
        .select('id')
        .where(sql<boolean>`id = ${3} or id = ${2}`)
        .where('team_id', '=', 1)
        .execute();
      // Kysely reads `id = 3 or id = 2 and team_id = 1`: project 3 (deleted) matches, and stays hidden.
      expect(ids(rows)).toEqual([2]);
    });

    it('keeps a raw OR in an inner and a left join condition whole', async () => {
      await seedWorld(t.db);
      const on = sql<boolean>`task.project_id = project.id or task.title = ${'c2'}`;
      const inner = await t.db
        .selectFrom('project')
        .innerJoin('task', (join) => join.on(on))
        .select(['project.id as id', 'task.id as task'])
        .execute();
      expect(inner).toEqual([{ id: 1, task: 1 }]);
      const left = await t.db
        .selectFrom('project')
        .leftJoin('task', (join) => join.on(on))
        .select(['project.id as id', 'task.id as task'])
        .orderBy('project.id')
        .execute();
      expect(left).toEqual([
        { id: 1, task: 1 },
        { id: 2, task: null },
        { id: 4, task: null },
      ]);
    });

    it('updates no deleted row through a raw OR condition', async () => {
      await seedWorld(t.db);
      const rows = await t.db
        .updateTable('project')
        .set({ name: 'changed' })
        .where(sql<boolean>`id = ${3} or id = ${1}`)
        .returning('id')
        .execute();
      expect(ids(rows)).toEqual([1]);
      const three = await withDeleted(t.db)
        .selectFrom('project')
        .select('name')
        .where('id', '=', 3)
        .execute();
      expect(three).toEqual([{ name: 'three' }]);
    });

    it('does not re-stamp a deleted row through a raw OR condition under rewriteDeletes', async () => {
      await seedWorld(t.db);
      await t.db.withoutPlugins().updateTable('label').set({ deleted_at: null }).execute();
      const stamp = await t.db.withoutPlugins().selectFrom('label').select('deleted_at').where('id', '=', 2);
      await rewriting(t.db)
        .updateTable('label')
        .set({ deleted_at: new Date('2020-01-01T00:00:00Z') })
        .where('id', '=', 2)
        .execute();
      const rows = await rewriting(t.db)
        .deleteFrom('label')
        .where(sql<boolean>`id = ${2} or id = ${1}`)
        .returning('id')
        .execute();
      expect(ids(rows)).toEqual([1]);
      expect(await stamp.execute()).toEqual([{ deleted_at: new Date('2020-01-01T00:00:00Z') }]);
    });

    it('updates only live rows of the table when a CTE has the name of the UPDATE target', async () => {
      await seedWorld(t.db);
      const db = t.db as AnyDb;
      const rows = await db
        .with('project', ((qb: AnyDb) => qb.selectFrom('team').select('id')) as never)
        .updateTable('project')
        .set({ name: 'changed' })
        .returning('id')
        .execute();
      expect(ids(rows)).toEqual([1, 2, 4]);
      expect((await projectFlags(t.db)).map((a) => a.id)).toEqual([1, 2, 3, 4]);
    });

    it('soft-deletes under rewriteDeletes when a CTE has the name of the DELETE target', async () => {
      await seedWorld(t.db);
      const db = rewriting(t.db) as AnyDb;
      const rows = await db
        .with('project', ((qb: AnyDb) => qb.selectFrom('team').select('id')) as never)
        .deleteFrom('project')
        .where('id', 'in', [1, 3])
        .returning('id')
        .execute();
      expect(ids(rows)).toEqual([1]);
      expect(await projectFlags(t.db)).toEqual([
        { id: 1, is_deleted: true },
        { id: 2, is_deleted: false },
        { id: 3, is_deleted: true },
        { id: 4, is_deleted: false },
      ]);
    });

    it('full-joins schema-qualified tables, written out or through withSchema', async () => {
      await seedWorld(t.db);
      const db = t.db as AnyDb;
      const written = await db
        .selectFrom('public.project')
        .fullJoin('public.task', 'public.task.project_id', 'public.project.id')
        .select(['public.project.id as project', 'public.task.id as task'])
        .execute();
      const scoped = await t.db
        .withSchema('public')
        .selectFrom('project')
        .fullJoin('task', 'task.project_id', 'project.id')
        .select(['project.id as project', 'task.id as task'])
        .execute();
      // Live projects 1, 2, 4; live tasks 1 (of project 1) and 3 (of deleted project 3).
      const expected = sorted([
        { project: 1, task: 1 },
        { project: 2, task: null },
        { project: 4, task: null },
        { project: null, task: 3 },
      ]);
      expect(sorted(written)).toEqual(expected);
      expect(sorted(scoped)).toEqual(expected);
    });

    it('bakes the scope of the instance that built it into a view body', async () => {
      await seedWorld(t.db);
      const plain = t.db.withoutPlugins() as AnyDb;
      try {
        await t.db.schema
          .createView('live_project_ids')
          .as(t.db.selectFrom('project').select('id'))
          .execute();
        await t.db.schema
          .createView('all_project_ids')
          .as(withDeleted(t.db).selectFrom('project').select('id'))
          .execute();
        expect(ids(await plain.selectFrom('live_project_ids').select('id').execute())).toEqual([1, 2, 4]);
        expect(ids(await plain.selectFrom('all_project_ids').select('id').execute())).toEqual([1, 2, 3, 4]);
        // A view is a relation the plugin does not know: querying it adds nothing.
        await plain.updateTable('project').set({ is_deleted: true }).where('id', '=', 1).execute();
        expect(ids(await (t.db as AnyDb).selectFrom('all_project_ids').select('id').execute())).toEqual([
          1, 2, 3, 4,
        ]);
      } finally {
        await sql`drop view if exists live_project_ids, all_project_ids`.execute(t.db);
      }
    });
  },
  { plugins: [softDeletePlugin<Database>({ tables: softDeleteTables })] },
);
