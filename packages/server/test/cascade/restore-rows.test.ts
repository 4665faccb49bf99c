import { expect, it } from 'vitest';
import { restoreRows } from '../../src/cascade/restore-rows.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { label, project, task, team, teamTree } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { auditEntries, auditRows, deletedRows, fixtureGraph } from './fixtures.js';

describeEachDialect('restoreRows', (t) => {
  it('restores exactly what its delete took: a task deleted separately before stays deleted', async () => {
    const graph = await fixtureGraph(t.db);
    const tree = await teamTree(t.db, 'ann', 2, 2);
    const [separate, ...rest] = tree.taskIds;
    await softDeleteRows(t.db, graph, { table: 'task', ids: [separate as number], actorId: 1 });
    await softDeleteRows(t.db, graph, { table: 'team', ids: [tree.teamId], actorId: 1 });
    // Deleted after the team (by cascade it is already deleted: this one is a no-op).
    await softDeleteRows(t.db, graph, { table: 'task', ids: [rest[0] as number], actorId: 1 });

    const outcome = await restoreRows(t.db, graph, { table: 'team', ids: [tree.teamId], actorId: 9 });

    expect(outcome).toEqual({
      restored: [tree.teamId],
      alreadyLive: [],
      missing: [],
      conflicts: [],
      cascaded: { project: 2, task: 3 },
    });
    expect(await deletedRows(t.db)).toEqual({ team: [], project: [], task: [separate], label: [] });
    const audit = await auditRows(t.db);
    expect(audit.filter((a) => a.restored_at === null).map((a) => [a.table_name, a.row_id])).toEqual([
      ['task', separate],
    ]);
    expect(audit.filter((a) => a.restored_at !== null).every((a) => a.restored_by === 9)).toBe(true);
  });

  it('restores a child only with its own subtree, not its siblings of the same batch', async () => {
    const graph = await fixtureGraph(t.db);
    const tree = await teamTree(t.db, 'ann', 2, 1);
    await softDeleteRows(t.db, graph, { table: 'project', ids: tree.projectIds, actorId: 1 });

    const outcome = await restoreRows(t.db, graph, {
      table: 'project',
      ids: [tree.projectIds[0] as number],
      actorId: 1,
    });

    expect(outcome).toMatchObject({ restored: [tree.projectIds[0]], cascaded: { task: 1 } });
    expect(await deletedRows(t.db)).toEqual({
      team: [],
      project: [tree.projectIds[1]],
      task: [tree.taskIds[1]],
      label: [],
    });
    // The batch's entries stay open for the siblings; the restored rows join `restored_ids`.
    expect((await auditEntries(t.db)).map((e) => [e.table_name, e.restored_ids])).toEqual([
      ['project', [tree.projectIds[0]]],
      ['task', [tree.taskIds[0]]],
    ]);
  });

  it('refuses to restore a project whose team is still deleted (CONFLICT) and changes nothing', async () => {
    const graph = await fixtureGraph(t.db);
    const tree = await teamTree(t.db, 'ann', 1, 1);
    await softDeleteRows(t.db, graph, { table: 'team', ids: [tree.teamId], actorId: 1 });
    const before = await auditRows(t.db);
    const projectId = tree.projectIds[0] as number;

    const outcome = await restoreRows(t.db, graph, { table: 'project', ids: [projectId, 999], actorId: 1 });

    expect(outcome).toEqual({
      restored: [],
      alreadyLive: [],
      missing: [999],
      conflicts: [
        {
          id: projectId,
          reason: 'parent-deleted',
          message: `Cannot restore project ${projectId}: its team ${tree.teamId} is still deleted (CASCADE). Restore the team first.`,
        },
      ],
      cascaded: {},
    });
    expect(await auditRows(t.db)).toEqual(before);
    expect((await deletedRows(t.db)).project).toEqual([projectId]);
  });

  it('refuses a restore that would bring a project back under a deleted label (RESTRICT)', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await team(t.db, 'ann');
    const news = await label(t.db, 'News');
    const a1 = await project(t.db, ann, 'a1', news);
    await softDeleteRows(t.db, graph, { table: 'team', ids: [ann], actorId: 1 });
    await softDeleteRows(t.db, graph, { table: 'label', ids: [news], actorId: 1 });

    const outcome = await restoreRows(t.db, graph, { table: 'team', ids: [ann], actorId: 1 });

    expect(outcome.conflicts).toEqual([
      expect.objectContaining({
        id: ann,
        reason: 'parent-deleted',
        message: expect.stringContaining(`label ${news}`),
      }),
    ]);
    expect(await deletedRows(t.db)).toEqual({ team: [ann], project: [a1], task: [], label: [news] });
  });

  it('refuses a restore whose project code a live project now holds (unique CONFLICT naming the column), others proceed', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await teamTree(t.db, 'ann', 1, 1);
    const bob = await teamTree(t.db, 'bob', 1, 1);
    await softDeleteRows(t.db, graph, { table: 'team', ids: [ann.teamId, bob.teamId], actorId: 1 });
    const cid = await team(t.db, 'cid');
    await project(t.db, cid, 'ann-0'); // takes ann's code

    const outcome = await restoreRows(t.db, graph, {
      table: 'team',
      ids: [ann.teamId, bob.teamId],
      actorId: 1,
    });

    expect(outcome.restored).toEqual([bob.teamId]);
    expect(outcome.conflicts).toEqual([
      {
        id: ann.teamId,
        reason: 'unique',
        message: expect.stringMatching(
          /^Cannot restore team \d+: a live row in "project" already has the same code/,
        ),
      },
    ]);
    expect(outcome.cascaded).toEqual({ project: 1, task: 1 });
    const deleted = await deletedRows(t.db);
    expect(deleted).toEqual({
      team: [ann.teamId],
      project: ann.projectIds,
      task: ann.taskIds,
      label: [],
    });
  });

  it('restores a task with its subtasks, and refuses a subtask whose parent task is still deleted', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await team(t.db, 'ann');
    const p = await project(t.db, ann, 'p');
    const parent = await task(t.db, p, ann);
    const child = await task(t.db, p, ann, parent);
    const grandchild = await task(t.db, p, ann, child);
    await softDeleteRows(t.db, graph, { table: 'task', ids: [parent], actorId: 1 });
    const before = await auditRows(t.db);

    const refused = await restoreRows(t.db, graph, { table: 'task', ids: [child], actorId: 1 });
    expect(refused.restored).toEqual([]);
    expect(refused.conflicts).toEqual([
      expect.objectContaining({
        id: child,
        reason: 'parent-deleted',
        message: expect.stringContaining(`task ${parent}`),
      }),
    ]);
    expect(await auditRows(t.db)).toEqual(before);
    expect((await deletedRows(t.db)).task).toEqual([parent, child, grandchild]);

    const outcome = await restoreRows(t.db, graph, { table: 'task', ids: [parent], actorId: 1 });
    expect(outcome).toMatchObject({ restored: [parent], conflicts: [], cascaded: { task: 2 } });
    expect((await deletedRows(t.db)).task).toEqual([]);
  });

  it('reports live rows as already live and leaves them unchanged', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await team(t.db, 'ann');
    const outcome = await restoreRows(t.db, graph, { table: 'team', ids: [ann], actorId: 1 });
    expect(outcome).toEqual({ restored: [], alreadyLive: [ann], missing: [], conflicts: [], cascaded: {} });
  });
});
