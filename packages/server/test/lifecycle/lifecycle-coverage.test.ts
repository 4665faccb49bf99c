import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { tombstoneOutboxMigration } from '../../src/outbox/outbox-migration.js';
import { createTombstone } from '../../src/procedures/tombstone.js';
import { project, task, team } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { lifecycleRouter, type Recorded, recordingHooks } from './lifecycle-router.js';

const quiet = { warn: () => {} };
const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

describeEachDialect('lifecycle: every row reaches hooks and outbox, once', (h) => {
  beforeAll(async () => {
    await tombstoneOutboxMigration.up(h.db as never);
  });

  async function setup(extra: Parameters<typeof lifecycleRouter>[0] = {}) {
    const calls: Recorded[] = [];
    const router = lifecycleRouter(extra);
    const retries: number[] = [];
    const tombstone = await createTombstone(h.db, router, {
      logger: quiet,
      outbox: true,
      hooks: recordingHooks(calls, 'global'),
      transactions: { backoffMs: 1, onRetry: (r) => retries.push(r.attempt) },
    });
    return { calls, retries, tombstone, caller: router.createCaller({ db: h.db, tombstone }) };
  }
  const events = async () =>
    (
      await sql<{ batch_id: string; kind: string; table_name: string; row_ids: string[] }>`
        select batch_id::text, kind, table_name, row_ids from tombstone_event order by id`.execute(h.db)
    ).rows.map((e) => ({ ...e, row_ids: [...e.row_ids].sort() }));
  const apiKey = async (teamId: number, hash: string) =>
    (
      await h.db
        .insertInto('api_key')
        .values({ team_id: teamId, key_hash: hash })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const shape = (calls: Recorded[], hook: string) =>
    calls
      .filter((c) => c.hook === hook)
      .map((c) => ({ table: c.table, ids: [...c.ids].sort(), cause: c.cause, parent: c.parent }));

  it('restore withAncestors: the requested row is direct, each ancestor cascade with it as parent, in one batch', async () => {
    const { calls, caller } = await setup();
    const a = await team(h.db, 'a');
    const p = await project(h.db, a, 'p');
    const c = await task(h.db, p, a);
    await caller.tasks.delete({ id: c });
    await caller.teams.delete({ id: a });
    await sql`delete from tombstone_event`.execute(h.db);
    calls.length = 0;

    await caller.tasks.restore({ id: c, withAncestors: true });

    const live = await sql<{ n: number }>`
      select (select count(*) from team where not is_deleted)::int + (select count(*) from project where not is_deleted)::int
           + (select count(*) from task where not is_deleted)::int as n`.execute(h.db);
    expect(live.rows[0]?.n).toBe(3);
    expect(shape(calls, 'global.afterRestore')).toEqual([
      { table: 'task', ids: [c], cause: 'direct', parent: undefined },
      { table: 'team', ids: [a], cause: 'cascade', parent: { table: 'task', ids: [c] } },
      { table: 'project', ids: [p], cause: 'cascade', parent: { table: 'team', ids: [a] } },
    ]);
    const restored = calls.filter((r) => r.hook === 'global.afterRestore');
    expect(new Set(restored.map((r) => r.batchId)).size).toBe(1);
    const outbox = await events();
    expect(outbox.map((e) => [e.kind, e.table_name, e.row_ids])).toEqual([
      ['restore', 'task', [String(c)]],
      ['restore', 'team', [String(a)]],
      ['restore', 'project', [String(p)]],
    ]);
    expect(new Set(outbox.map((e) => e.batch_id))).toEqual(new Set([restored[0]?.batchId]));
  });

  it("restore withAncestors: a row its ancestor's restore brought back is still the direct one", async () => {
    const { calls, caller } = await setup();
    const a = await team(h.db, 'a');
    const p = await project(h.db, a, 'p');
    const c = await task(h.db, p, a);
    await caller.teams.delete({ id: a });
    calls.length = 0;
    await caller.tasks.restore({ id: c, withAncestors: true });
    expect(shape(calls, 'global.afterRestore')).toEqual([
      { table: 'task', ids: [c], cause: 'direct', parent: undefined },
      { table: 'team', ids: [a], cause: 'cascade', parent: { table: 'task', ids: [c] } },
      { table: 'project', ids: [p], cause: 'cascade', parent: { table: 'team', ids: [a] } },
    ]);
  });

  it('hardDelete reports the rows ON DELETE CASCADE removed, level by level, with their parents', async () => {
    const { calls, caller } = await setup();
    const a = await team(h.db, 'a');
    const p = await project(h.db, a, 'p');
    const c = await task(h.db, p, null);
    const t1 = await apiKey(a, 'h1');
    const t2 = await apiKey(a, 'h2');
    await caller.teams.hardDelete({ id: a });

    for (const table of ['team', 'project', 'task', 'api_key']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
        h.db,
      );
      expect(rows[0]?.n, table).toBe(0);
    }
    expect(shape(calls, 'global.afterHardDelete')).toEqual([
      { table: 'team', ids: [a], cause: 'direct', parent: undefined },
      { table: 'api_key', ids: [t1, t2].sort(), cause: 'cascade', parent: { table: 'team', ids: [a] } },
      { table: 'project', ids: [p], cause: 'cascade', parent: { table: 'team', ids: [a] } },
      { table: 'task', ids: [c], cause: 'cascade', parent: { table: 'project', ids: [p] } },
    ]);
    expect((await events()).map((e) => [e.kind, e.table_name, e.row_ids])).toEqual([
      ['hardDelete', 'team', [String(a)]],
      ['hardDelete', 'api_key', [String(t1), String(t2)].sort()],
      ['hardDelete', 'project', [String(p)]],
      ['hardDelete', 'task', [String(c)]],
    ]);
  });

  it('the purge reports what ON DELETE CASCADE removed with a purged row', async () => {
    const { calls, caller, tombstone } = await setup();
    const a = await team(h.db, 'a');
    const t1 = await apiKey(a, 'h1');
    await caller.teams.delete({ id: a });
    calls.length = 0;
    const result = await purgeDeleted(h.db, tombstone.graph, {
      olderThan: new Date(Date.now() + 60_000),
      lifecycle: tombstone.lifecycle,
    });
    expect(result.tables.team).toBe(1);
    expect((await sql`select id from api_key`.execute(h.db)).rows).toEqual([]);
    expect(shape(calls, 'global.afterPurge')).toEqual([
      { table: 'team', ids: [a], cause: 'direct', parent: undefined },
      { table: 'api_key', ids: [t1], cause: 'cascade', parent: { table: 'team', ids: [a] } },
    ]);
    const purged = (await events()).filter((e) => e.kind === 'purge');
    expect(purged.map((e) => [e.table_name, e.row_ids])).toEqual([
      ['team', [String(a)]],
      ['api_key', [String(t1)]],
    ]);
  });

  it('after-hooks run once, in the attempt that commits, when the transaction is retried', async () => {
    let attempts = 0;
    const afterCalls: number[] = [];
    const { calls, retries, caller } = await setup({
      task: {
        // A deadlock on the first attempt, after the statements flagged the rows.
        beforeDelete: () => {
          attempts++;
          if (attempts === 1) throw deadlock();
        },
        afterDelete: async ({ trx, ids }) => {
          afterCalls.push(attempts);
          await sql`insert into label (name) values (${`after ${ids.join(',')}`})`.execute(trx);
        },
      },
    });
    const a = await team(h.db, 'a');
    const c = await task(h.db, await project(h.db, a, 'p'), a);
    await caller.teams.delete({ id: a });

    expect(retries).toEqual([1]);
    expect(attempts).toBe(2);
    expect(afterCalls).toEqual([2]);
    expect(calls.filter((x) => x.hook === 'global.afterDelete').map((x) => x.table)).toEqual([
      'team',
      'project',
      'task',
    ]);
    const effects = await sql<{ name: string }>`select name from label`.execute(h.db);
    expect(effects.rows).toEqual([{ name: `after ${c}` }]);
    expect((await events()).filter((e) => e.kind === 'delete')).toHaveLength(3);
  });

  it('a retryable failure once the after-hooks ran is not retried: CONFLICT, nothing committed, hooks ran once', async () => {
    const afterCalls: string[] = [];
    const { retries, caller } = await setup({
      team: {
        afterDelete: ({ ids }) => {
          afterCalls.push(`team ${ids.join(',')}`);
        },
      },
      task: {
        afterDelete: () => {
          throw deadlock();
        },
      },
    });
    const a = await team(h.db, 'a');
    await task(h.db, await project(h.db, a, 'p'), a);
    await expect(caller.teams.delete({ id: a })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('after its hooks ran'),
    });
    expect(retries).toEqual([]);
    expect(afterCalls).toEqual([`team ${a}`]);
    const flagged = await sql<{ n: number }>`select count(*)::int as n from team where is_deleted`.execute(
      h.db,
    );
    expect(flagged.rows[0]?.n).toBe(0);
    expect(await events()).toEqual([]);
  });
});
