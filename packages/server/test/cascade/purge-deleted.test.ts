import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { label, project, task, team, teamTree } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { fixtureGraph } from './fixtures.js';

const DAY = 86_400_000;

describeEachDialect('purgeDeleted', (t) => {
  /** Pretends the deletes of `table` rows `ids` happened `days` ago (audit trail and column). */
  async function age(table: string, ids: number[], days: number) {
    const at = new Date(Date.now() - days * DAY);
    // Rows deleted by one statement share an audit entry (and its time): age whole entries only.
    const { rows } = await sql<{ row_ids: number[] }>`
      update tombstone_deletion set deleted_at = ${at}
      where table_name = ${table} and row_ids && ${ids.map(String)}::text[]
      returning row_ids::int[] as row_ids
    `.execute(t.db);
    for (const row of rows) {
      if (!row.row_ids.every((id) => ids.includes(id)))
        throw new Error(`age(${table}): an entry holds other rows`);
    }
    if (table === 'label') {
      await sql`update label set deleted_at = ${at} where id = any(${ids}::int[])`.execute(t.db);
    }
  }

  async function ids(table: 'team' | 'project' | 'task' | 'label') {
    return (await t.db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id);
  }

  it('purges rows deleted before the cutoff, children first, and never a row deleted after it', async () => {
    const graph = await fixtureGraph(t.db);
    const old = await teamTree(t.db, 'old', 2, 2);
    const recent = await teamTree(t.db, 'new', 1, 1);
    const live = await teamTree(t.db, 'live', 1, 1);
    const oldLabel = await label(t.db, 'Old');
    await softDeleteRows(t.db, graph, { table: 'team', ids: [old.teamId], actorId: 1 });
    await softDeleteRows(t.db, graph, { table: 'team', ids: [recent.teamId], actorId: 1 });
    await softDeleteRows(t.db, graph, { table: 'label', ids: [oldLabel], actorId: 1 });
    await age('team', [old.teamId], 40);
    await age('project', old.projectIds, 40);
    await age('task', old.taskIds, 40);
    await age('label', [oldLabel], 40);
    await t.db.insertInto('api_key').values({ team_id: old.teamId, key_hash: 'h' }).execute();

    const cutoff = new Date(Date.now() - 30 * DAY);
    const dry = await purgeDeleted(t.db, graph, { olderThan: cutoff, dryRun: true });
    expect(dry.tables).toEqual({ team: 1, project: 2, task: 4, label: 1 });
    expect(await ids('task')).toHaveLength(6);

    const progress: number[] = [];
    const result = await purgeDeleted(t.db, graph, {
      olderThan: cutoff,
      chunkSize: 3,
      onProgress: (p) => progress.push(p.overallPurged),
    });

    expect(result).toMatchObject({ tables: { team: 1, project: 2, task: 4, label: 1 }, total: 8 });
    expect(progress.at(-1)).toBe(8);
    expect(await ids('team')).toEqual([recent.teamId, live.teamId]);
    expect(await ids('project')).toEqual([...recent.projectIds, ...live.projectIds]);
    expect(await ids('task')).toEqual([...recent.taskIds, ...live.taskIds]);
    expect(await ids('label')).toEqual([]);
    expect(await t.db.selectFrom('api_key').selectAll().execute()).toEqual([]);
    const { rows } = await sql<{ purged: number }>`
      select sum(cardinality(purged_ids))::int as purged from tombstone_deletion
    `.execute(t.db);
    expect(rows[0]?.purged).toBe(8);

    const again = await purgeDeleted(t.db, graph, { olderThan: cutoff });
    expect(again.total).toBe(0);
  });

  it('can be interrupted after any chunk and finishes on the next run', async () => {
    const graph = await fixtureGraph(t.db);
    const old = await teamTree(t.db, 'old', 3, 3);
    await softDeleteRows(t.db, graph, { table: 'team', ids: [old.teamId], actorId: 1 });
    await sql`update tombstone_deletion set deleted_at = now() - interval '40 days'`.execute(t.db);
    const cutoff = new Date(Date.now() - 30 * DAY);

    await expect(
      purgeDeleted(t.db, graph, {
        olderThan: cutoff,
        chunkSize: 2,
        onProgress: () => {
          throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(await ids('task')).toHaveLength(7);

    const rest = await purgeDeleted(t.db, graph, { olderThan: cutoff, chunkSize: 2 });
    expect(rest.tables).toEqual({ team: 1, project: 3, task: 7, label: 0 });
    expect(await ids('team')).toEqual([]);
  });

  it('keeps an old deleted row that a live row still references', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await team(t.db, 'ann');
    const a1 = await project(t.db, ann, 'a1');
    await softDeleteRows(t.db, graph, { table: 'project', ids: [a1], actorId: 1 });
    await sql`update tombstone_deletion set deleted_at = now() - interval '40 days'`.execute(t.db);
    // A live task under the deleted project (written around the API): it must not be taken.
    const c1 = await task(t.db, a1, ann);

    const result = await purgeDeleted(t.db, graph, { olderThan: new Date(Date.now() - 30 * DAY) });

    expect(result.tables.project).toBe(0);
    expect(result.kept.project).toBe(1);
    expect(await ids('project')).toEqual([a1]);
    expect(await ids('task')).toEqual([c1]);
  });

  it('never purges a flagged row whose deletion time is unknown (no audit entry)', async () => {
    const graph = await fixtureGraph(t.db);
    const ann = await team(t.db, 'ann');
    await t.db.updateTable('team').set({ is_deleted: true }).where('id', '=', ann).execute();
    const result = await purgeDeleted(t.db, graph, { olderThan: new Date(Date.now() + DAY) });
    expect(result.total).toBe(0);
    expect(await ids('team')).toEqual([ann]);
  });
});
