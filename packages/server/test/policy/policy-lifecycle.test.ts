import { initTRPC } from '@trpc/server';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { z } from 'zod';
import type { LifecycleHooks } from '../../src/lifecycle/lifecycle-hooks.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone } from '../../src/procedures/tombstone.js';
import type { TransactionPolicy } from '../../src/procedures/transaction-policy.js';
import type { Database } from '../../src/reference/db/database.js';
import { article, author, category, comment } from '../cascade/fixtures.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { type LifecycleContext, type Recorded, recordingHooks } from '../lifecycle/lifecycle-router.js';

const t = initTRPC.context<LifecycleContext>().create();
const schemas = {
  row: z.looseObject({ id: z.number() }),
  create: z.looseObject({}),
  patch: z.looseObject({}),
  filter: z.strictObject({}),
};
const flag = { column: 'is_deleted', kind: 'boolean' } as const;
const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

/** author under `authorPolicy` (with `authorHooks`), category `hard`, article and comment `soft`. */
function policyRouter(
  authorPolicy: 'hard' | 'hard-if-unreferenced',
  authorHooks: LifecycleHooks<Database, 'author'>,
) {
  return t.router({
    authors: softDeleteProcedures({
      t,
      table: 'author',
      softDelete: flag,
      schemas,
      policy: authorPolicy,
      hooks: authorHooks,
    }),
    categories: softDeleteProcedures({
      t,
      table: 'category',
      softDelete: { column: 'deleted_at', kind: 'timestamp' },
      schemas,
      policy: 'hard',
    }),
    articles: softDeleteProcedures({ t, table: 'article', softDelete: flag, schemas }),
    comments: softDeleteProcedures({ t, table: 'comment', softDelete: flag, schemas }),
  });
}

describeEachDialect('delete policies: hooks and the transaction policy', (h) => {
  async function setup(
    authorPolicy: 'hard' | 'hard-if-unreferenced',
    authorHooks: LifecycleHooks<Database, 'author'> = {},
    transactions: TransactionPolicy = {},
  ) {
    const calls: Recorded[] = [];
    const retries: string[] = [];
    const router = policyRouter(authorPolicy, authorHooks);
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
    const a = await author(h.db, 'a@x');
    const b = await author(h.db, 'b@x');
    const p = await article(h.db, a, 'p');
    const c = await comment(h.db, p, b);
    const result = await caller.authors.bulkDelete({ ids: [a, b] });
    expect([...result.success.details].sort()).toEqual([a, b].sort());
    expect([await count('author'), await count('article'), await count('comment')]).toEqual([0, 0, 0]);
    expect(
      calls
        .filter((x) => x.hook === 'global.afterHardDelete')
        .map((x) => [x.table, [...x.ids].sort(), x.cause, x.parent]),
    ).toEqual([
      ['author', [a, b].sort(), 'direct', undefined],
      ['article', [p], 'cascade', { table: 'author', ids: [a] }],
      ['comment', [c], 'cascade', { table: 'article', ids: [p] }],
    ]);
  });

  it('hard: a row in the trash that is then deleted for good leaves the trash (its audit entry is closed)', async () => {
    const { caller } = await setup('hard');
    const a = await author(h.db, 'a@x');
    const p = await article(h.db, a, 'p');
    await caller.articles.delete({ id: p });
    await caller.authors.delete({ id: a });
    const { rows } = await sql<{ table_name: string; purged_ids: string[] }>`
      select table_name, purged_ids from tombstone_deletion`.execute(h.db);
    expect(rows).toEqual([{ table_name: 'article', purged_ids: [String(p)] }]);
  });

  it('hard: a refused id reports nothing of what its DELETE would have cascaded to', async () => {
    const { calls, caller } = await setup('hard');
    const used = await category(h.db, 'used');
    const free = await category(h.db, 'free');
    await article(h.db, await author(h.db, 'a@x'), 'p', used);
    const result = await caller.categories.bulkDelete({ ids: [used, free] });
    expect(result.success.details).toEqual([free]);
    expect(calls.map((x) => [x.hook, x.table, x.ids])).toEqual([
      ['global.afterHardDelete', 'category', [free]],
    ]);
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
    const lonely = await author(h.db, 'lonely@x');
    const writer = await author(h.db, 'writer@x');
    await article(h.db, writer, 'p');
    const result = await caller.authors.bulkDelete({ ids: [lonely, writer] });
    expect([...result.success.details].sort()).toEqual([lonely, writer].sort());
    expect(retries).toEqual(['40P01']);
    expect(hardCalls).toEqual([2]);
    const { rows } = await sql<{
      id: number;
      is_deleted: boolean;
    }>`select id, is_deleted from author`.execute(h.db);
    expect(rows).toEqual([{ id: writer, is_deleted: true }]);
  });

  it('hard: deletes run under the transaction policy (a deadlock is CONFLICT, not a 500)', async () => {
    const { caller } = await setup('hard', {
      afterHardDelete: () => {
        throw deadlock();
      },
    });
    const a = await author(h.db, 'a@x');
    await expect(caller.authors.delete({ id: a })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await count('author')).toBe(1);
  });

  // Two connections at once: PostgreSQL only.
  if (h.dialect === 'postgres') {
    it('hard: a lock held by another transaction ends in CONFLICT after lock_timeout and changes nothing', async () => {
      const { caller, retries } = await setup('hard', {}, { lockTimeoutMs: 100, maxAttempts: 2 });
      const c = await category(h.db, 'busy');
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = h.db.transaction().execute(async (trx) => {
        await sql`select id from category where id = ${c} for update`.execute(trx);
        locked();
        await released;
      });
      await isLocked;
      try {
        await expect(caller.categories.delete({ id: c })).rejects.toMatchObject({
          code: 'CONFLICT',
          message: expect.stringContaining('lock wait time-out'),
        });
        expect(retries).toEqual(['55P03']);
      } finally {
        release();
        await holder;
      }
      expect(await count('category')).toBe(1);
    });
  }
});
