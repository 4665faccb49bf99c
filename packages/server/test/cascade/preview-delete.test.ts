import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { previewSoftDelete } from '../../src/cascade/preview-delete.js';
import type { RelationGraph } from '../../src/cascade/relation-graph.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import type { Database } from '../fixtures/database.js';
import { label, project, task, team } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { deletedRows, fixtureGraph } from './fixtures.js';

/** A random tracker: teams → projects (some labelled) → tasks and subtasks, some deleted already. */
const treeArb = fc.record({
  labels: fc.integer({ min: 1, max: 3 }),
  teams: fc.array(
    fc.record({
      deleted: fc.boolean(),
      projects: fc.array(
        fc.record({
          label: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
          deleted: fc.boolean(),
          tasks: fc.array(fc.record({ deleted: fc.boolean(), subtask: fc.boolean() }), { maxLength: 3 }),
        }),
        { maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  deletedLabel: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  target: fc.constantFrom('team', 'project', 'label', 'task'),
  pick: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
});

type Tree = typeof treeArb extends fc.Arbitrary<infer T> ? T : never;

async function build(db: Kysely<Database>, tree: Tree) {
  const ids: Record<'team' | 'project' | 'label' | 'task', number[]> = {
    team: [],
    project: [],
    label: [],
    task: [],
  };
  for (let c = 0; c < tree.labels; c++) ids.label.push(await label(db, `c${c}-${Math.random()}`));
  let n = 0;
  for (const a of tree.teams) {
    const teamId = await team(db, `a${n++}-${Math.random()}`);
    ids.team.push(teamId);
    for (const ar of a.projects) {
      const cat = ar.label === null ? null : (ids.label[ar.label % ids.label.length] ?? null);
      const projectId = await project(db, teamId, `s${n++}-${Math.random()}`, cat);
      ids.project.push(projectId);
      let previous: number | null = null;
      for (const { deleted, subtask } of ar.tasks) {
        // A subtask hangs under the project's previous task (CASCADE through parent_task_id).
        const taskId = await task(db, projectId, teamId, subtask ? previous : null);
        ids.task.push(taskId);
        previous = taskId;
        if (deleted)
          await db.updateTable('task').set({ is_deleted: true }).where('id', '=', taskId).execute();
      }
      if (ar.deleted)
        await db.updateTable('project').set({ is_deleted: true }).where('id', '=', projectId).execute();
    }
    if (a.deleted) await db.updateTable('team').set({ is_deleted: true }).where('id', '=', teamId).execute();
  }
  return ids;
}

class Rollback extends Error {}

function newlyDeleted(before: Record<string, number[]>, after: Record<string, number[]>) {
  const counts: Record<string, number> = {};
  for (const [table, ids] of Object.entries(after)) {
    const added = ids.filter((id) => !(before[table] ?? []).includes(id)).length;
    if (added > 0) counts[table] = added;
  }
  return counts;
}

describeEachDialect('previewSoftDelete', (t) => {
  it('agrees with the real delete on random trees, and changes nothing', async () => {
    const graph: RelationGraph = await fixtureGraph(t.db);
    await fc.assert(
      fc.asyncProperty(treeArb, async (tree) => {
        await t.db
          .transaction()
          .execute(async (trx) => {
            const ids = await build(trx, tree);
            if (tree.deletedLabel !== null) {
              const id = ids.label[tree.deletedLabel % ids.label.length] as number;
              await trx.updateTable('label').set({ deleted_at: new Date() }).where('id', '=', id).execute();
            }
            const pool = ids[tree.target];
            if (pool.length === 0) throw new Rollback();
            const requested = [...new Set(tree.pick.map((i) => pool[i % pool.length] as number))];
            const before = await deletedRows(trx);
            const preview = await previewSoftDelete(trx, graph, {
              table: tree.target,
              ids: requested,
              actorId: null,
            });
            expect(await deletedRows(trx)).toEqual(before);
            const outcome = await softDeleteRows(trx, graph, {
              table: tree.target,
              ids: requested,
              actorId: null,
            });
            const counts = Object.fromEntries(preview.deletes.map((d) => [d.table, d.count]));
            expect(counts).toEqual(newlyDeleted(before, await deletedRows(trx)));
            expect(preview.outcome.blocked.map((b) => b.id)).toEqual(outcome.blocked.map((b) => b.id));
            expect(preview.blocked.length > 0).toBe(outcome.blocked.length > 0);
            throw new Rollback();
          })
          .catch((error) => {
            if (!(error instanceof Rollback)) throw error;
          });
      }),
      { numRuns: 25 },
    );
  });
});
