import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { LifecycleHooks } from '../../src/lifecycle/lifecycle-hooks.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone } from '../../src/procedures/tombstone.js';
import type { TransactionPolicy } from '../../src/procedures/transaction-policy.js';
import type { Database } from '../fixtures/database.js';
import { label, project, task, team } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { flag, type Recorded, recordingHooks, schemas, t } from '../lifecycle/lifecycle-router.js';

const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

/** team under `teamPolicy` (with `teamHooks`), label `hard`, project and task `soft`. */
function policyRouter(
  teamPolicy: 'hard' | 'hard-if-unreferenced',
  teamHooks: LifecycleHooks<Database, 'team'>,
) {
  return t.router({
    teams: softDeleteProcedures({
      t,
      table: 'team',
      softDelete: flag,
      schemas,
      policy: teamPolicy,
      hooks: teamHooks,
    }),
    labels: softDeleteProcedures({
      t,
      table: 'label',
      softDelete: { column: 'deleted_at', kind: 'timestamp' },
      schemas,
      policy: 'hard',
    }),
    projects: softDeleteProcedures({ t, table: 'project', softDelete: flag, schemas }),
    tasks: softDeleteProcedures({ t, table: 'task', softDelete: flag, schemas }),
  });
}

describeEachDialect('delete policies: hooks and the transaction policy', (h) => {
  async function setup(
    teamPolicy: 'hard' | 'hard-if-unreferenced',
    teamHooks: LifecycleHooks<Database, 'team'> = {},
    transactions: TransactionPolicy = {},
  ) {
    const calls: Recorded[] = [];
    const retries: string[] = [];
    const router = policyRouter(teamPolicy, teamHooks);
    const tombstone = await createTombstone(h.db, router, {
      logger: { warn: () => {} },
      hooks: recordingHooks(calls, 'global'),
      transactions: { backoffMs: 1, ...transactions, onRetry: (r) => retries.push(r.code) },
    });
    return { calls, retries, caller: router.createCaller({ db: h.db, tombstone }) };
  }
  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.db)).rows[0]?.n;

  it('hard: the rows ON DELETE CASCADE removes reach afterHardDelete as cascade, with their parents', async () => {
    const { calls, caller } = await setup('hard');
    const a = await team(h.db, 'a');
    const b = await team(h.db, 'b');
    const p = await project(h.db, a, 'p');
    const c = await task(h.db, p, b);
    const result = await caller.teams.bulkDelete({ ids: [a, b] });
    expect([...result.success.details].sort()).toEqual([a, b].sort());
    expect([await count('team'), await count('project'), await count('task')]).toEqual([0, 0, 0]);
    expect(
      calls
        .filter((x) => x.hook === 'global.afterHardDelete')
        .map((x) => [x.table, [...x.ids].sort(), x.cause, x.parent]),
    ).toEqual([
      ['team', [a, b].sort(), 'direct', undefined],
      ['project', [p], 'cascade', { table: 'team', ids: [a] }],
      ['task', [c], 'cascade', { table: 'project', ids: [p] }],
    ]);
  });

  it('hard: a row in the trash that is then deleted for good leaves the trash (its audit entry is closed)', async () => {
    const { caller } = await setup('hard');
    const a = await team(h.db, 'a');
    const p = await project(h.db, a, 'p');
    await caller.projects.delete({ id: p });
    await caller.teams.delete({ id: a });
    const { rows } = await sql<{ table_name: string; purged_ids: string[] }>`
      select table_name, purged_ids from tombstone_deletion`.execute(h.db);
    expect(rows).toEqual([{ table_name: 'project', purged_ids: [String(p)] }]);
  });

  it('hard: a refused id reports nothing of what its DELETE would have cascaded to', async () => {
    const { calls, caller } = await setup('hard');
    const used = await label(h.db, 'used');
    const free = await label(h.db, 'free');
    await project(h.db, await team(h.db, 'a'), 'p', used);
    const result = await caller.labels.bulkDelete({ ids: [used, free] });
    expect(result.success.details).toEqual([free]);
    expect(calls.map((x) => [x.hook, x.table, x.ids])).toEqual([['global.afterHardDelete', 'label', [free]]]);
  });

  it('hard-if-unreferenced: a retried transaction runs afterHardDelete once, in the attempt that commits', async () => {
    let attempts = 0;
    const hardCalls: number[] = [];
    const { retries, caller } = await setup('hard-if-unreferenced', {
      afterHardDelete: () => {
        hardCalls.push(attempts);
      },
      // The soft half runs after the hard half: a deadlock there retries the whole transaction.
      beforeDelete: () => {
        attempts++;
        if (attempts === 1) throw deadlock();
      },
    });
    const lonely = await team(h.db, 'lonely');
    const writer = await team(h.db, 'writer');
    await project(h.db, writer, 'p');
    const result = await caller.teams.bulkDelete({ ids: [lonely, writer] });
    expect([...result.success.details].sort()).toEqual([lonely, writer].sort());
    expect(retries).toEqual(['40P01']);
    expect(hardCalls).toEqual([2]);
    const { rows } = await sql<{
      id: number;
      is_deleted: boolean;
    }>`select id, is_deleted from team`.execute(h.db);
    expect(rows).toEqual([{ id: writer, is_deleted: true }]);
  });

  it('hard: deletes run under the transaction policy (a deadlock is CONFLICT, not a 500)', async () => {
    const { caller } = await setup('hard', {
      afterHardDelete: () => {
        throw deadlock();
      },
    });
    const a = await team(h.db, 'a');
    await expect(caller.teams.delete({ id: a })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await count('team')).toBe(1);
  });

  // Two connections at once: PostgreSQL only.
  if (h.dialect === 'postgres') {
    it('hard: a lock held by another transaction ends in CONFLICT after lock_timeout and changes nothing', async () => {
      const { caller, retries } = await setup('hard', {}, { lockTimeoutMs: 100, maxAttempts: 2 });
      const c = await label(h.db, 'busy');
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = h.db.transaction().execute(async (trx) => {
        await sql`select id from label where id = ${c} for update`.execute(trx);
        locked();
        await released;
      });
      await isLocked;
      try {
        await expect(caller.labels.delete({ id: c })).rejects.toMatchObject({
          code: 'CONFLICT',
          message: expect.stringContaining('lock wait time-out'),
        });
        expect(retries).toEqual(['55P03']);
      } finally {
        release();
        await holder;
      }
      expect(await count('label')).toBe(1);
    });
  }
});
