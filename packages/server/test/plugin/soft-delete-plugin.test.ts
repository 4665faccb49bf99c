import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import { withDeleted } from '../../src/plugin/soft-delete-scope.js';
import type { Database } from '../fixtures/database.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { seedWorld, sorted } from './fixture.js';

const plugin = softDeletePlugin<Database>({ tables: softDeleteTables });

describeEachDialect(
  'softDeletePlugin',
  (t) => {
    const ids = (rows: ReadonlyArray<{ id: number | null }>) => rows.map((row) => row.id).sort();

    it('selectFrom hides deleted projects with an inlined predicate', async () => {
      await seedWorld(t.db);
      const query = t.db.selectFrom('project').select('id').where('team_id', '=', 1);
      expect(query.compile().sql).toBe(
        'select "id" from "project" where "team_id" = $1 and "project"."is_deleted" = false',
      );
      expect(query.compile().parameters).toEqual([1]);
      expect(ids(await query.execute())).toEqual([1, 2]);
    });

    it('filters a timestamp column with is null', async () => {
      await seedWorld(t.db);
      const query = t.db.selectFrom('label').select(['id', 'name']);
      expect(query.compile().sql).toBe('select "id", "name" from "label" where "label"."deleted_at" is null');
      expect(await query.execute()).toEqual([{ id: 1, name: 'News' }]);
    });

    it('keeps an OR filter whole by parenthesising it', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('project')
        .select('id')
        .where((eb) => eb.or([eb('id', '=', 3), eb('id', '=', 4)]));
      expect(query.compile().sql).toBe(
        'select "id" from "project" where ("id" = $1 or "id" = $2) and "project"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([4]);
    });

    it('filters each alias of a self-join', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('project as a')
        .innerJoin('project as b', 'b.team_id', 'a.team_id')
        .select(['a.id as id', 'b.id as other']);
      expect(query.compile().sql).toBe(
        'select "a"."id" as "id", "b"."id" as "other" from "project" as "a" inner join "project" as "b" on "b"."team_id" = "a"."team_id" and "b"."is_deleted" = false where "a"."is_deleted" = false',
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
        .selectFrom(['project', 'label'])
        .whereRef('project.label_id', '=', 'label.id')
        .select(['project.id as id', 'label.name']);
      expect(query.compile().sql).toBe(
        'select "project"."id" as "id", "label"."name" from "project", "label" where "project"."label_id" = "label"."id" and "project"."is_deleted" = false and "label"."deleted_at" is null',
      );
      expect(sorted(await query.execute())).toEqual([
        { id: 1, name: 'News' },
        { id: 4, name: 'News' },
      ]);
    });

    it('inner join drops projects whose team is deleted', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('project')
        .innerJoin('team', 'team.id', 'project.team_id')
        .select(['project.id as id', 'team.name']);
      expect(query.compile().sql).toBe(
        'select "project"."id" as "id", "team"."name" from "project" inner join "team" on "team"."id" = "project"."team_id" and "team"."is_deleted" = false where "project"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1, 2]);
    });

    it('left join keeps the project when its task is deleted', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('project')
        .leftJoin('task', 'task.project_id', 'project.id')
        .select(['project.id as id', 'task.id as task']);
      expect(query.compile().sql).toBe(
        'select "project"."id" as "id", "task"."id" as "task" from "project" left join "task" on "task"."project_id" = "project"."id" and "task"."is_deleted" = false where "project"."is_deleted" = false',
      );
      expect(sorted(await query.execute())).toEqual(
        sorted([
          { id: 1, task: 1 },
          { id: 2, task: null },
          { id: 4, task: null },
        ]),
      );
    });

    it('right join keeps a live task of a deleted project with NULL project columns', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('project')
        .rightJoin('task', 'task.project_id', 'project.id')
        .select(['task.id as id', 'project.name']);
      expect(query.compile().sql).toBe(
        'select "task"."id" as "id", "project"."name" from "project" right join "task" on "task"."project_id" = "project"."id" and "project"."is_deleted" = false where "task"."is_deleted" = false',
      );
      expect(sorted(await query.execute())).toEqual([
        { id: 1, name: 'one' },
        { id: 3, name: null },
      ]);
    });

    it('full join filters both sides through derived tables', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('project')
        .fullJoin('task', 'task.project_id', 'project.id')
        .select(['project.id as project', 'task.id as task']);
      expect(query.compile().sql).toBe(
        // A bare table is wrapped under an alias no table has, and references to it follow.
        'select "project$sd"."id" as "project", "task$sd"."id" as "task" from (select * from "project" where "project"."is_deleted" = false) as "project$sd" full join (select * from "task" where "task"."is_deleted" = false) as "task$sd" on "task$sd"."project_id" = "project$sd"."id"',
      );
      expect(sorted(await query.execute())).toEqual(
        sorted([
          { project: 1, task: 1 },
          { project: 2, task: null },
          { project: 4, task: null },
          { project: null, task: 3 },
        ]),
      );
    });

    it('filters a WHERE IN subquery', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('team')
        .select('id')
        .where('id', 'in', (eb) => eb.selectFrom('task').select('team_id'))
        .where('is_deleted', 'in', [true, false]);
      expect(query.compile().sql).toBe(
        'select "id" from "team" where "id" in (select "team_id" from "task" where "task"."is_deleted" = false) and "is_deleted" in ($1, $2) and "team"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('filters a correlated EXISTS and a subquery in the select list', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('project')
        .select((eb) => [
          'project.id',
          eb
            .selectFrom('task')
            .whereRef('task.project_id', '=', 'project.id')
            .select(eb.fn.countAll<string>().as('n'))
            .as('tasks'),
        ])
        .where((eb) =>
          eb.exists(eb.selectFrom('label').whereRef('label.id', '=', 'project.label_id').select('id')),
        );
      expect(query.compile().sql).toBe(
        'select "project"."id", (select count(*) as "n" from "task" where "task"."project_id" = "project"."id" and "task"."is_deleted" = false) as "tasks" from "project" where exists (select "id" from "label" where "label"."id" = "project"."label_id" and "label"."deleted_at" is null) and "project"."is_deleted" = false',
      );
      const rows = (await query.execute()).map((row) => ({ id: row.id, tasks: Number(row.tasks) }));
      expect(sorted(rows)).toEqual([
        { id: 1, tasks: 1 },
        { id: 4, tasks: 0 },
      ]);
    });

    it('filters a subquery in FROM and a lateral join', async () => {
      await seedWorld(t.db);
      const derived = t.db
        .selectFrom((eb) => eb.selectFrom('project').select(['id', 'team_id']).as('a'))
        .innerJoinLateral(
          (eb) => eb.selectFrom('task').whereRef('task.project_id', '=', 'a.id').select('title').as('c'),
          (join) => join.onTrue(),
        )
        .select(['a.id', 'c.title']);
      expect(derived.compile().sql).toBe(
        'select "a"."id", "c"."title" from (select "id", "team_id" from "project" where "project"."is_deleted" = false) as "a" inner join lateral (select "title" from "task" where "task"."project_id" = "a"."id" and "task"."is_deleted" = false) as "c" on true',
      );
      expect(await derived.execute()).toEqual([{ id: 1, title: 'c1' }]);
    });

    it('does not filter a subquery twice when it was built from the plugin-enabled instance', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('team')
        .select('id')
        .where('id', 'in', t.db.selectFrom('project').select('team_id'));
      expect(query.compile().sql).toBe(
        'select "id" from "team" where "id" in (select "team_id" from "project" where "project"."is_deleted" = false) and "team"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('filters the body of a CTE and treats a CTE named like a table as the CTE', async () => {
      await seedWorld(t.db);
      const query = t.db
        .with('project', (qb) => qb.selectFrom('project').select(['id', 'name']).where('id', '<', 4))
        .selectFrom('project')
        .innerJoin('task', 'task.project_id', 'project.id')
        .select(['project.name', 'task.id']);
      expect(query.compile().sql).toBe(
        'with "project" as (select "id", "name" from "project" where "id" < $1 and "project"."is_deleted" = false) select "project"."name", "task"."id" from "project" inner join "task" on "task"."project_id" = "project"."id" and "task"."is_deleted" = false',
      );
      expect(await query.execute()).toEqual([{ name: 'one', id: 1 }]);
    });

    it('filters a schema-qualified reference to the default schema', async () => {
      await seedWorld(t.db);
      const query = t.db.selectFrom('public.project' as 'project').select('id');
      expect(query.compile().sql).toBe(
        'select "id" from "public"."project" where "project"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1, 2, 4]);
    });

    it('does not filter a table of another schema', () => {
      const query = t.db.selectFrom('archive.project' as 'project').select('id');
      expect(query.compile().sql).toBe('select "id" from "archive"."project"');
    });

    it('filters every branch of union, intersect and except', async () => {
      await seedWorld(t.db);
      const union = t.db
        .selectFrom('project')
        .select('id')
        .union((eb) => eb.selectFrom('task').select('id'));
      expect(union.compile().sql).toBe(
        'select "id" from "project" where "project"."is_deleted" = false union select "id" from "task" where "task"."is_deleted" = false',
      );
      expect(ids(await union.execute())).toEqual([1, 2, 3, 4]);

      const intersect = t.db
        .selectFrom('project')
        .select('id')
        .intersect((eb) => eb.selectFrom('task').select('id'));
      expect(ids(await intersect.execute())).toEqual([1]);

      const except = t.db
        .selectFrom('project')
        .select('id')
        .except((eb) => eb.selectFrom('task').select('id'));
      expect(except.compile().sql).toContain(
        'except select "id" from "task" where "task"."is_deleted" = false',
      );
      expect(ids(await except.execute())).toEqual([2, 4]);
    });

    it('updateTable updates live rows only', async () => {
      await seedWorld(t.db);
      const query = t.db
        .updateTable('project')
        .set({ name: 'renamed' })
        .where('team_id', '=', 1)
        .returning('id');
      expect(query.compile().sql).toBe(
        'update "project" set "name" = $1 where "team_id" = $2 and "project"."is_deleted" = false returning "id"',
      );
      expect(ids(await query.execute())).toEqual([1, 2]);
      const three = await withDeleted(t.db)
        .selectFrom('project')
        .select('name')
        .where('id', '=', 3)
        .executeTakeFirstOrThrow();
      expect(three.name).toBe('three');
    });

    it('UPDATE … FROM filters the target and the FROM tables', async () => {
      await seedWorld(t.db);
      const query = t.db
        .updateTable('task')
        .from('project')
        .set({ title: 'on a live project' })
        .whereRef('task.project_id', '=', 'project.id')
        .returning('task.id');
      expect(query.compile().sql).toBe(
        'update "task" set "title" = $1 from "project" where "task"."project_id" = "project"."id" and "task"."is_deleted" = false and "project"."is_deleted" = false returning "task"."id"',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('deleteFrom stays a real DELETE of deleted and live rows alike', async () => {
      await seedWorld(t.db);
      const query = t.db.deleteFrom('task').where('project_id', '=', 1);
      expect(query.compile().sql).toBe('delete from "task" where "project_id" = $1');
      expect((await query.executeTakeFirstOrThrow()).numDeletedRows).toBe(2n);
      const left = await withDeleted(t.db).selectFrom('task').select('id').execute();
      expect(ids(left)).toEqual([3, 4]);
    });

    it('DELETE … USING and subqueries inside a DELETE are filtered', async () => {
      await seedWorld(t.db);
      const query = t.db
        .deleteFrom('task')
        .using('project')
        .whereRef('task.project_id', '=', 'project.id')
        .where('task.team_id', 'not in', (eb) => eb.selectFrom('team').select('id'))
        .returning('task.id');
      expect(query.compile().sql).toBe(
        'delete from "task" using "project" where "task"."project_id" = "project"."id" and "task"."team_id" not in (select "id" from "team" where "team"."is_deleted" = false) and "project"."is_deleted" = false returning "task"."id"',
      );
      // Task 3 is bob's (deleted team) but on deleted project 3: the USING filter keeps it.
      expect(await query.execute()).toEqual([]);
      const withTeamNull = await t.db
        .deleteFrom('task')
        .using('project')
        .whereRef('task.project_id', '=', 'project.id')
        .where('task.team_id', 'is', null)
        .returning('task.id')
        .execute();
      expect(withTeamNull).toEqual([{ id: 4 }]);
    });

    it('insertInto … select copies live rows only', async () => {
      await seedWorld(t.db);
      const query = t.db
        .insertInto('task')
        .columns(['project_id', 'title'])
        .expression((eb) => eb.selectFrom('project').select(['id', sql.lit('first!').as('title')]))
        .returning('project_id');
      expect(query.compile().sql).toBe(
        'insert into "task" ("project_id", "title") select "id", \'first!\' as "title" from "project" where "project"."is_deleted" = false returning "project_id"',
      );
      expect((await query.execute()).map((row) => row.project_id).sort()).toEqual([1, 2, 4]);
    });

    it('leaves onConflict alone: a soft-deleted row does not conflict under the partial unique index', async () => {
      await seedWorld(t.db);
      const query = t.db
        .insertInto('project')
        .values({ team_id: 1, name: 'again', code: 'three', summary: '' })
        .onConflict((oc) => oc.column('code').where('is_deleted', '=', false).doNothing())
        .returning('id');
      expect(query.compile().sql).toBe(
        'insert into "project" ("team_id", "name", "code", "summary") values ($1, $2, $3, $4) on conflict ("code") where "is_deleted" = $5 do nothing returning "id"',
      );
      expect(await query.execute()).toEqual([{ id: 5 }]);
      const live = t.db
        .insertInto('project')
        .values({ team_id: 1, name: 'dup', code: 'one', summary: '' })
        .onConflict((oc) => oc.column('code').where('is_deleted', '=', false).doNothing())
        .returning('id');
      expect(await live.execute()).toEqual([]);
    });

    it('MERGE matches live target rows only and ignores deleted source rows', async () => {
      await seedWorld(t.db);
      const query = t.db
        .mergeInto('task as target')
        .using('task as source', 'source.id', 'target.id')
        .whenMatched()
        .thenUpdateSet({ title: 'merged' });
      expect(query.compile().sql).toBe(
        'merge into "task" as "target" using (select * from "task" as "source" where "source"."is_deleted" = false) as "source" on "source"."id" = "target"."id" and "target"."is_deleted" = false when matched then update set "title" = $1',
      );
      await query.execute();
      const titles = await withDeleted(t.db)
        .selectFrom('task')
        .select(['id', 'title'])
        .orderBy('id')
        .execute();
      expect(titles.map((row) => row.title)).toEqual(['merged', 'c2', 'merged', 'c4']);
    });

    it('does not parse raw sql fragments', async () => {
      await seedWorld(t.db);
      const { rows } = await sql<{ id: number }>`select id from project`.execute(t.db);
      expect(ids(rows)).toEqual([1, 2, 3, 4]);
    });

    it('filters Kysely builders interpolated into a raw fragment', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('team')
        .select('id')
        .where(
          sql<boolean>`exists ${t.db.selectFrom('project').where('project.team_id', '=', sql.ref<number>('team.id')).select('id')}`,
        );
      expect(query.compile().sql).toBe(
        // The raw condition is bracketed: the plugin cannot know what binds inside its text.
        'select "id" from "team" where (exists (select "id" from "project" where "project"."team_id" = "team"."id" and "project"."is_deleted" = false)) and "team"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('leaves queries without a configured table untouched', async () => {
      await seedWorld(t.db);
      const query = t.db.selectFrom('api_key').select('id').where('team_id', '=', 1);
      const node = query.toOperationNode();
      expect(plugin.transformQuery({ node, queryId: { queryId: 'x' } })).toBe(node);
      expect(query.compile().sql).toBe('select "id" from "api_key" where "team_id" = $1');
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
      const query = t.db.deleteFrom('project').where('team_id', '=', 1).returning(['id', 'is_deleted']);
      expect(query.compile().sql).toBe(
        'update "project" set "is_deleted" = true where "team_id" = $1 and "project"."is_deleted" = false returning "id", "is_deleted"',
      );
      expect(await query.execute()).toEqual([
        { id: 1, is_deleted: true },
        { id: 2, is_deleted: true },
      ]);
      const all = await withDeleted(t.db).selectFrom('project').select('id').orderBy('id').execute();
      expect(all.map((row) => row.id)).toEqual([1, 2, 3, 4]);
    });

    it('stamps deleted_at = now() and reports soft-deleted rows as deleted', async () => {
      await seedWorld(t.db);
      const query = t.db.deleteFrom('label').where('name', '=', 'News');
      expect(query.compile().sql).toBe(
        'update "label" set "deleted_at" = now() where "name" = $1 and "label"."deleted_at" is null',
      );
      expect((await query.executeTakeFirstOrThrow()).numDeletedRows).toBe(1n);
      const deleted = await withDeleted(t.db).selectFrom('label').select(['id', 'deleted_at']).execute();
      expect(deleted.every((row) => row.deleted_at instanceof Date)).toBe(true);
    });

    it('keeps USING as FROM and deletes tables that are not soft-deletable for real', async () => {
      await seedWorld(t.db);
      const query = t.db.deleteFrom('task').using('project').whereRef('task.project_id', '=', 'project.id');
      expect(query.compile().sql).toBe(
        'update "task" set "is_deleted" = true from "project" where "task"."project_id" = "project"."id" and "task"."is_deleted" = false and "project"."is_deleted" = false',
      );
      expect((await query.executeTakeFirstOrThrow()).numDeletedRows).toBe(1n);
      await t.db.insertInto('api_key').values({ team_id: 1, key_hash: 'h' }).execute();
      const hard = t.db.deleteFrom('api_key');
      expect(hard.compile().sql).toBe('delete from "api_key"');
      expect((await hard.executeTakeFirstOrThrow()).numDeletedRows).toBe(1n);
    });
  },
  { plugins: [softDeletePlugin<Database>({ tables: softDeleteTables, rewriteDeletes: true })] },
);
