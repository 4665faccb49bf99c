import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { label, project, task, team, teamTree } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { auditEntries, auditRows, deletedRows, fixtureGraph } from './fixtures.js';

describeEachDialect('softDeleteRows', (t) => {
  it('cascades team → projects → tasks in one batch, audited per row in one entry per statement', async () => {
    const graph = await fixtureGraph(t.db);
    const tree = await teamTree(t.db, 'ann', 2, 3);
    const other = await teamTree(t.db, 'bob', 1, 1);

    const outcome = await t.db
      .transaction()
      .execute((trx) => softDeleteRows(trx, graph, { table: 'team', ids: [tree.teamId], actorId: 7 }));

    expect(outcome).toMatchObject({
      deleted: [tree.teamId],
      alreadyDeleted: [],
      missing: [],
      blocked: [],
      cascaded: { project: 2, task: 6 },
    });
    expect(await deletedRows(t.db)).toEqual({
      team: [tree.teamId],
      project: tree.projectIds,
      task: tree.taskIds,
      label: [],
    });
    const audit = await auditRows(t.db);
    expect(audit).toHaveLength(9);
    expect(new Set(audit.map((a) => a.batch_id))).toEqual(new Set([outcome.batchId]));
    expect(audit.every((a) => a.actor_id === 7 && a.restored_at === null)).toBe(true);
    expect(audit.filter((a) => a.cause === 'direct')).toEqual([
      expect.objectContaining({ table_name: 'team', row_id: tree.teamId, parent_table: null }),
    ]);
    const firstTask = audit.find((a) => a.table_name === 'task' && a.row_id === tree.taskIds[0]);
    expect(firstTask).toMatchObject({
      cause: 'cascade',
      parent_table: 'project',
      parent_id: tree.projectIds[0],
    });
    // Grouped: one audit entry per statement (team, projects, tasks), ids as parallel arrays.
    const entries = await auditEntries(t.db);
    const sorted = (ids: readonly number[] | null) => [...(ids ?? [])].sort((a, b) => a - b);
    expect(entries.map((e) => [e.table_name, e.cause, e.parent_table])).toEqual([
      ['team', 'direct', null],
      ['project', 'cascade', 'team'],
      ['task', 'cascade', 'project'],
    ]);
    expect(entries[0]).toMatchObject({
      row_ids: [tree.teamId],
      parent_ids: null,
      restored_ids: [],
      purged_ids: [],
    });
    expect(sorted(entries[1]?.row_ids ?? [])).toEqual(tree.projectIds);
    expect(entries[1]?.parent_ids).toEqual(tree.projectIds.map(() => tree.teamId));
    expect(sorted(entries[2]?.row_ids ?? [])).toEqual(tree.taskIds);
    expect(entries[2]?.parent_ids).toHaveLength(tree.taskIds.length);
    // The other team's tree did not change.
    const live = await t.db.selectFrom('task').select('id').where('is_deleted', '=', false).execute();
    expect(live.map((r) => r.id)).toEqual(other.taskIds);
  });

  it('refuses a label that a live project references (RESTRICT) and changes nothing', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await team(t.db, 'ann');
    const news = await label(t.db, 'News');
    const empty = await label(t.db, 'Empty');
    await project(t.db, ann, 'a1', news);
    await project(t.db, ann, 'a2', news);

    const outcome = await softDeleteRows(t.db, graph, {
      table: 'label',
      ids: [news, empty, 999],
      actorId: null,
    });

    expect(outcome.blocked).toEqual([
      {
        id: news,
        table: 'project',
        count: 2,
        constraint: 'project_label_id_fkey',
        message: `Cannot delete label ${news}: 2 live rows in "project" reference it (RESTRICT).`,
      },
    ]);
    expect(outcome.deleted).toEqual([empty]);
    expect(outcome.missing).toEqual([999]);
    expect((await deletedRows(t.db)).label).toEqual([empty]);
    expect((await auditRows(t.db)).map((a) => [a.table_name, a.row_id])).toEqual([['label', empty]]);
  });

  it('does not let a child that the same delete cascades to block it (Django RESTRICT)', async () => {
    // task.team_id made RESTRICT: ann's tasks on her own projects go with them; her
    // task on bob's project is live and blocks.
    const graph = await fixtureGraph(t.db, { overrides: { 'task.team_id': 'restrict' } });
    const ann = await teamTree(t.db, 'ann', 1, 2);
    const outcome = await softDeleteRows(t.db, graph, {
      table: 'team',
      ids: [ann.teamId],
      actorId: null,
    });
    expect(outcome.blocked).toEqual([]);
    expect(outcome.cascaded).toEqual({ project: 1, task: 2 });

    const bob = await team(t.db, 'bob');
    const bobs = await project(t.db, bob, 'bob-1');
    const cid = await teamTree(t.db, 'cid', 1, 1);
    await task(t.db, bobs, cid.teamId);
    const refused = await softDeleteRows(t.db, graph, {
      table: 'team',
      ids: [cid.teamId],
      actorId: null,
    });
    expect(refused.blocked).toEqual([expect.objectContaining({ id: cid.teamId, table: 'task', count: 1 })]);
    expect(refused.deleted).toEqual([]);
    const cidRows = await t.db
      .selectFrom('project')
      .select('is_deleted')
      .where('team_id', '=', cid.teamId)
      .execute();
    expect(cidRows).toEqual([{ is_deleted: false }]);
  });

  it('leaves SET NULL children alone: a task by the deleted team on another project stays live', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await team(t.db, 'ann');
    const bob = await team(t.db, 'bob');
    const bobs = await project(t.db, bob, 'bob-1');
    const annsTask = await task(t.db, bobs, ann);

    await softDeleteRows(t.db, graph, { table: 'team', ids: [ann], actorId: null });

    const row = await t.db
      .selectFrom('task')
      .select(['is_deleted', 'team_id'])
      .where('id', '=', annsTask)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ is_deleted: false, team_id: ann });
  });

  it('mixes timestamp and boolean flags in one cascade (label → projects → tasks)', async () => {
    const graph = await fixtureGraph(t.db, { overrides: { 'project.label_id': 'cascade' } });
    const ann = await team(t.db, 'ann');
    const news = await label(t.db, 'News');
    const a1 = await project(t.db, ann, 'a1', news);
    const c1 = await task(t.db, a1, ann);

    const outcome = await softDeleteRows(t.db, graph, { table: 'label', ids: [news], actorId: null });

    expect(outcome.cascaded).toEqual({ project: 1, task: 1 });
    expect(await deletedRows(t.db)).toEqual({ team: [], project: [a1], task: [c1], label: [news] });
    const { deleted_at } = await t.db
      .selectFrom('label')
      .select('deleted_at')
      .where('id', '=', news)
      .executeTakeFirstOrThrow();
    const [audit] = await auditRows(t.db);
    expect(deleted_at?.getTime()).toBe(audit?.deleted_at.getTime());
  });

  it('is idempotent: deleting again keeps the original time, actor and audit row', async () => {
    const graph = await fixtureGraph(t.db);
    const tree = await teamTree(t.db, 'ann', 1, 1);
    await softDeleteRows(t.db, graph, { table: 'team', ids: [tree.teamId], actorId: 1 });
    const before = await auditRows(t.db);

    const again = await softDeleteRows(t.db, graph, { table: 'team', ids: [tree.teamId], actorId: 2 });

    expect(again).toEqual({
      batchId: null,
      deleted: [],
      alreadyDeleted: [tree.teamId],
      missing: [],
      blocked: [],
      cascaded: {},
    });
    expect(await auditRows(t.db)).toEqual(before);
  });

  it('writes audit rows in the same transaction: a failing cascade leaves neither flags nor audit rows', async () => {
    const graph = await fixtureGraph(t.db);
    const tree = await teamTree(t.db, 'ann', 2, 2);
    await sql`
      create or replace function tombstone_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'task is locked'; end $$
    `.execute(t.db);
    await sql`create trigger tombstone_test_fail before update on task for each row execute function tombstone_test_fail()`.execute(
      t.db,
    );
    try {
      await expect(
        t.db
          .transaction()
          .execute((trx) => softDeleteRows(trx, graph, { table: 'team', ids: [tree.teamId], actorId: 1 })),
      ).rejects.toThrow(/task is locked/);
    } finally {
      await sql`drop trigger tombstone_test_fail on task`.execute(t.db);
    }
    expect(await auditRows(t.db)).toEqual([]);
    expect(await deletedRows(t.db)).toEqual({ team: [], project: [], task: [], label: [] });
  });

  it('terminates on self-references and cycles, one statement per level', async () => {
    await sql`
      create table if not exists node (
        id integer generated always as identity primary key,
        parent_id integer references node (id) on delete cascade,
        is_deleted boolean not null default false
      )
    `.execute(t.db);
    await sql`truncate node restart identity`.execute(t.db);
    // 1 ← 2 ← 3, and 4 ↔ 5 (a cycle through parent_id).
    await sql`insert into node (parent_id) values (null), (1), (2), (null), (4)`.execute(t.db);
    await sql`update node set parent_id = 5 where id = 4`.execute(t.db);
    const graph = await fixtureGraph(t.db);
    const withNode = await (await import('../../src/cascade/load-relation-graph.js')).loadRelationGraph(
      t.db,
      {
        node: { column: 'is_deleted', kind: 'boolean' },
      },
    );
    expect(graph.tables.node).toBeUndefined();

    const chain = await softDeleteRows(t.db, withNode, { table: 'node', ids: [1], actorId: null });
    expect(chain).toMatchObject({ deleted: [1], cascaded: { node: 2 } });
    const cycle = await softDeleteRows(t.db, withNode, { table: 'node', ids: [4], actorId: null });
    expect(cycle).toMatchObject({ deleted: [4], cascaded: { node: 1 } });
    const { rows } = await sql<{ id: number }>`select id from node where is_deleted order by id`.execute(
      t.db,
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('follows the subtask self-reference of the schema level by level, cycles included', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await team(t.db, 'ann');
    const p = await project(t.db, ann, 'p');
    // 1 ← 2 ← 3 (subtasks), and 4 ↔ 5 (a cycle through parent_task_id); 6 stands alone.
    const t1 = await task(t.db, p, ann);
    const t2 = await task(t.db, p, ann, t1);
    const t3 = await task(t.db, p, null, t2);
    const t4 = await task(t.db, p, ann);
    const t5 = await task(t.db, p, ann, t4);
    const t6 = await task(t.db, p, ann);
    await t.db.updateTable('task').set({ parent_task_id: t5 }).where('id', '=', t4).execute();

    const chain = await softDeleteRows(t.db, graph, { table: 'task', ids: [t1], actorId: null });
    expect(chain).toMatchObject({ deleted: [t1], cascaded: { task: 2 } });
    const cycle = await softDeleteRows(t.db, graph, { table: 'task', ids: [t4], actorId: null });
    expect(cycle).toMatchObject({ deleted: [t4], cascaded: { task: 1 } });

    expect(await deletedRows(t.db)).toEqual({ team: [], project: [], task: [t1, t2, t3, t4, t5], label: [] });
    const live = await t.db.selectFrom('task').select('id').where('is_deleted', '=', false).execute();
    expect(live).toEqual([{ id: t6 }]);
    // Each subtask is recorded under the task it was cascaded from.
    const cascaded = (await auditRows(t.db)).filter((a) => a.cause === 'cascade');
    expect(cascaded.map((a) => [a.row_id, a.parent_table, a.parent_id])).toEqual([
      [t2, 'task', t1],
      [t3, 'task', t2],
      [t5, 'task', t4],
    ]);
  });

  it('reads multi-column keys from the catalog and refuses one it would have to follow', async () => {
    await sql`
      create table if not exists shelf (
        id integer generated always as identity primary key,
        code text not null,
        is_deleted boolean not null default false,
        unique (id, code)
      )
    `.execute(t.db);
    await sql`
      create table if not exists book (
        id integer generated always as identity primary key,
        shelf_id integer not null,
        shelf_code text not null,
        is_deleted boolean not null default false,
        constraint book_shelf_fkey foreign key (shelf_id, shelf_code) references shelf (id, code) on delete cascade
      )
    `.execute(t.db);
    const { loadRelationGraph, readForeignKeys } = await import('../../src/cascade/load-relation-graph.js');
    expect((await readForeignKeys(t.db)).find((key) => key.name === 'book_shelf_fkey')).toEqual({
      name: 'book_shelf_fkey',
      childTable: 'book',
      childColumn: 'shelf_id',
      parentTable: 'shelf',
      parentColumn: 'id',
      onDelete: 'cascade',
      childColumns: ['shelf_id', 'shelf_code'],
      parentColumns: ['id', 'code'],
    });
    const tables = {
      shelf: { column: 'is_deleted', kind: 'boolean' },
      book: { column: 'is_deleted', kind: 'boolean' },
    } as const;
    await expect(loadRelationGraph(t.db, tables)).rejects.toThrow(
      /Foreign key "book_shelf_fkey" \(book\(shelf_id, shelf_code\) → shelf\(id, code\), ON DELETE CASCADE\) cannot be followed/,
    );
    const leftAlone = await loadRelationGraph(t.db, tables, { overrides: { book_shelf_fkey: 'set null' } });
    expect(leftAlone.relations.filter((r) => r.childTable === 'book')).toEqual([]);
  });

  it('sends the same number of statements for 1 project as for 30', async () => {
    const graph = await fixtureGraph(t.db);
    const count = async (projects: number) => {
      const tree = await teamTree(t.db, `a${projects}`, projects, 2);
      let statements = 0;
      const counted = t.db.withPlugin({
        transformQuery: (args) => {
          statements++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      await counted
        .transaction()
        .execute((trx) => softDeleteRows(trx, graph, { table: 'team', ids: [tree.teamId], actorId: null }));
      return statements;
    };
    expect(await count(1)).toBe(await count(30));
  });
});
