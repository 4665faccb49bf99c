import { Kysely } from 'kysely';
import { expect, expectTypeOf, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/soft-delete-plugin.js';
import { onlyDeleted, withDeleted, withSoftDeleteScope } from '../../src/plugin/soft-delete-scope.js';
import { compilingDatabase } from '../../src/testing/compiling-database.js';
import type { Database } from '../fixtures/database.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { seedWorld } from './fixture.js';

const plugin = softDeletePlugin<Database>({ tables: softDeleteTables });

describeEachDialect(
  'soft-delete scopes',
  (t) => {
    const ids = (rows: ReadonlyArray<{ id: number }>) => rows.map((row) => row.id).sort();

    it('withDeleted sees live and deleted rows', async () => {
      await seedWorld(t.db);
      const query = withDeleted(t.db).selectFrom('project').select('id');
      expect(query.compile().sql).toBe('select "id" from "project"');
      expect(ids(await query.execute())).toEqual([1, 2, 3, 4]);
    });

    it('onlyDeleted sees deleted rows only, for both kinds of column', async () => {
      await seedWorld(t.db);
      const projects = onlyDeleted(t.db).selectFrom('project').select('id');
      expect(projects.compile().sql).toBe('select "id" from "project" where "project"."is_deleted" = true');
      expect(ids(await projects.execute())).toEqual([3]);
      const labels = onlyDeleted(t.db).selectFrom('label').select('id');
      expect(labels.compile().sql).toBe('select "id" from "label" where "label"."deleted_at" is not null');
      expect(ids(await labels.execute())).toEqual([2]);
    });

    it('a scope for some tables leaves the others excluded', async () => {
      await seedWorld(t.db);
      const query = onlyDeleted(t.db, ['task'])
        .selectFrom('task')
        .innerJoin('project', 'project.id', 'task.project_id')
        .select('task.id as id');
      expect(query.compile().sql).toBe(
        'select "task"."id" as "id" from "task" inner join "project" on "project"."id" = "task"."project_id" and "project"."is_deleted" = false where "task"."is_deleted" = true',
      );
      expect(ids(await query.execute())).toEqual([2, 4]);
    });

    it('scopes compose table by table', async () => {
      await seedWorld(t.db);
      const db = onlyDeleted(withDeleted(t.db, ['project']), ['team']);
      const query = db
        .selectFrom('project')
        .innerJoin('team', 'team.id', 'project.team_id')
        .select('project.id as id');
      expect(query.compile().sql).toBe(
        'select "project"."id" as "id" from "project" inner join "team" on "team"."id" = "project"."team_id" and "team"."is_deleted" = true',
      );
      expect(ids(await query.execute())).toEqual([4]);
      const back = withSoftDeleteScope(db, 'exclude').selectFrom('project').select('id');
      expect(back.compile().sql).toBe('select "id" from "project" where "project"."is_deleted" = false');
    });

    it('a transaction opened from a scoped instance keeps its scope', async () => {
      await seedWorld(t.db);
      const seen = await withDeleted(t.db, ['project'])
        .transaction()
        .execute(async (trx) => trx.selectFrom('project').select('id').execute());
      expect(ids(seen)).toEqual([1, 2, 3, 4]);
    });

    it('scoping a transaction returns a transaction that runs inside it', async () => {
      await seedWorld(t.db);
      await t.db.transaction().execute(async (trx) => {
        await trx.updateTable('project').set({ is_deleted: true }).where('id', '=', 1).execute();
        const trash = onlyDeleted(trx, ['project']);
        expectTypeOf(trash).toEqualTypeOf(trx);
        expect(trash.isTransaction).toBe(true);
        expect(ids(await trash.selectFrom('project').select('id').execute())).toEqual([1, 3]);
        expect(ids(await trx.selectFrom('project').select('id').execute())).toEqual([2, 4]);
      });
    });

    it('a subquery keeps the scope of the instance it was built from', async () => {
      await seedWorld(t.db);
      const query = t.db
        .selectFrom('team')
        .select('id')
        .where('id', 'in', withDeleted(t.db).selectFrom('project').select('team_id'));
      expect(query.compile().sql).toBe(
        'select "id" from "team" where "id" in (select "team_id" from "project") and "team"."is_deleted" = false',
      );
      expect(ids(await query.execute())).toEqual([1]);
    });

    it('keeps other plugins installed, in order', () => {
      const scoped = withDeleted(t.db.withSchema('public'));
      expect(scoped.getExecutor().plugins.map((p) => p.constructor.name)).toEqual([
        'WithSchemaPlugin',
        'SoftDeletePlugin',
      ]);
      expect(scoped.selectFrom('project').select('id').compile().sql).toBe(
        'select "id" from "public"."project"',
      );
    });
  },
  { plugins: [plugin] },
);

it('returns the instance unchanged when the plugin is not installed', () => {
  const db = compilingDatabase<Database>();
  expect(withDeleted(db)).toBe(db);
  expect(onlyDeleted(db, ['project'])).toBe(db);
  expectTypeOf(withSoftDeleteScope(db, 'include')).toEqualTypeOf<Kysely<Database>>();
});

it('type-checks table names of a scope against the database', () => {
  const db = compilingDatabase<Database>([plugin]);
  // @ts-expect-error: not a table of Database
  withDeleted(db, ['projects']);
  expect(withDeleted(db, ['project'])).toBeInstanceOf(Kysely);
});
