import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTombstone } from '../../src/procedures/tombstone.js';
import { project, task, team } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { lifecycleRouter, type Recorded, recordingHooks } from './lifecycle-router.js';

const quiet = { warn: () => {} };

describeEachDialect('lifecycle hooks', (h) => {
  async function setup(options: { failBefore?: boolean } = {}) {
    const calls: Recorded[] = [];
    const router = lifecycleRouter({
      team: recordingHooks(calls, 'team'),
      task: {
        ...recordingHooks(calls, 'task'),
        ...(options.failBefore
          ? {
              beforeDelete: () => {
                throw new Error('tasks are kept');
              },
            }
          : {}),
      },
    });
    const tombstone = await createTombstone(h.db, router, {
      logger: quiet,
      hooks: recordingHooks(calls, 'global'),
    });
    return { calls, caller: router.createCaller({ db: h.db, tombstone }) };
  }

  async function fixture() {
    const a = await team(h.db, 'a');
    const p = await project(h.db, a, 'p');
    const c1 = await task(h.db, p, a);
    const c2 = await task(h.db, p, a);
    return { a, p, c1, c2 };
  }

  it('calls each hook once per statement, direct and cascaded, with batch, parent and actor', async () => {
    const { calls, caller } = await setup();
    const { a, p, c1, c2 } = await fixture();
    await caller.teams.delete({ id: a });
    const deletes = calls.filter((c) => c.hook.endsWith('Delete'));
    expect(deletes.map((c) => `${c.hook}:${c.table}:${c.cause}`)).toEqual([
      'team.beforeDelete:team:direct',
      'global.beforeDelete:team:direct',
      'global.beforeDelete:project:cascade',
      'task.beforeDelete:task:cascade',
      'global.beforeDelete:task:cascade',
      'team.afterDelete:team:direct',
      'global.afterDelete:team:direct',
      'global.afterDelete:project:cascade',
      'task.afterDelete:task:cascade',
      'global.afterDelete:task:cascade',
    ]);
    const batch = deletes[0]?.batchId;
    expect(new Set(deletes.map((c) => c.batchId))).toEqual(new Set([batch]));
    const audit = await sql<{ batch_id: string }>`select batch_id::text from tombstone_deletion`.execute(
      h.db,
    );
    expect(audit.rows.every((r) => r.batch_id === batch)).toBe(true);
    const onTasks = deletes.find((c) => c.hook === 'task.afterDelete');
    expect([...(onTasks?.ids ?? [])].sort()).toEqual([c1, c2].sort());
    expect(onTasks?.parent).toEqual({ table: 'project', ids: [p] });
    expect(onTasks?.actorId).toBe(7);

    calls.length = 0;
    await caller.teams.restore({ id: a });
    expect(calls.map((c) => `${c.hook}:${c.table}:${c.cause}`)).toEqual([
      'team.afterRestore:team:direct',
      'global.afterRestore:team:direct',
      'global.afterRestore:project:cascade',
      'task.afterRestore:task:cascade',
      'global.afterRestore:task:cascade',
    ]);
  });

  it('a throwing beforeDelete aborts the whole operation and changes nothing', async () => {
    const { calls, caller } = await setup({ failBefore: true });
    const { a } = await fixture();
    const before = await sql`select id, is_deleted from project order by id`.execute(h.db);
    await expect(caller.teams.delete({ id: a })).rejects.toThrow('tasks are kept');
    await expect(caller.teams.bulkDelete({ ids: [a] })).rejects.toThrow('tasks are kept');
    expect(calls.some((c) => c.hook.includes('after'))).toBe(false);
    const flagged = await sql<{ n: number }>`
      select (select count(*) from team where is_deleted)::int + (select count(*) from project where is_deleted)::int
           + (select count(*) from task where is_deleted)::int as n`.execute(h.db);
    expect(flagged.rows[0]?.n).toBe(0);
    expect((await sql`select * from tombstone_deletion`.execute(h.db)).rows).toEqual([]);
    expect((await sql`select id, is_deleted from project order by id`.execute(h.db)).rows).toEqual(
      before.rows,
    );
  });

  it('bulk deletes and hard deletes call the hooks per statement too', async () => {
    const { calls, caller } = await setup();
    const a = await team(h.db, 'a');
    const b = await team(h.db, 'b');
    await caller.teams.bulkDelete({ ids: [a, b] });
    const after = calls.filter((c) => c.hook === 'team.afterDelete');
    expect(after).toHaveLength(1);
    expect([...(after[0]?.ids ?? [])].sort()).toEqual([a, b].sort());
    await caller.teams.hardDelete({ id: a });
    expect(calls.filter((c) => c.hook === 'team.afterHardDelete').map((c) => c.ids)).toEqual([[a]]);
    expect((await sql`select id from team where id = ${a}`.execute(h.db)).rows).toEqual([]);
  });

  it('the retention purge calls afterPurge per chunk, in the chunk transaction', async () => {
    const { calls, caller } = await setup();
    const { a, p, c1, c2 } = await fixture();
    await caller.teams.delete({ id: a });
    calls.length = 0;
    const { purgeDeleted } = await import('../../src/cascade/purge-deleted.js');
    const tombstone = await createTombstone(h.db, lifecycleRouter({}), {
      logger: quiet,
      hooks: recordingHooks(calls, 'global'),
    });
    const result = await purgeDeleted(h.db, tombstone.graph, {
      olderThan: new Date(Date.now() + 60_000),
      lifecycle: tombstone.lifecycle,
    });
    expect(result.total).toBe(4);
    const purged = calls.filter((c) => c.hook === 'global.afterPurge');
    expect(purged.map((c) => [c.table, [...c.ids].sort()])).toEqual([
      ['task', [c1, c2].sort()],
      ['project', [p]],
      ['team', [a]],
    ]);
  });
});
