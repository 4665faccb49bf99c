import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runTransaction, type TransactionRetry } from '../../src/procedures/transaction-policy.js';
import { openTestDatabase } from '../../src/testing/index.js';
import type { Database } from '../fixtures/database.js';
import { migrations } from '../fixtures/migrations/index.js';
import { seedTracker } from '../fixtures/seed.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { call, startServer } from './server-harness.js';

const pgError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describeEachDialect('runTransaction: whole-transaction retries', (t) => {
  it('runs the whole transaction again after a deadlock and keeps only the last run', async () => {
    const retries: TransactionRetry[] = [];
    let runs = 0;
    const title = await runTransaction(
      t.db,
      async (trx) => {
        runs++;
        await trx
          .insertInto('label')
          .values({ name: `run ${runs}` })
          .execute();
        if (runs < 3) throw pgError(runs === 1 ? '40P01' : '40001');
        return `run ${runs}`;
      },
      { backoffMs: 1, onRetry: (r) => retries.push(r) },
    );
    expect(title).toBe('run 3');
    expect(retries.map((r) => [r.attempt, r.code])).toEqual([
      [1, '40P01'],
      [2, '40001'],
    ]);
    const names = await t.db.selectFrom('label').select('name').execute();
    expect(names.map((n) => n.name)).toEqual(['run 3']);
  });

  it('answers CONFLICT after maxAttempts and leaves nothing behind', async () => {
    const attempt = runTransaction(
      t.db,
      async (trx) => {
        await trx.insertInto('label').values({ name: 'never' }).execute();
        throw pgError('55P03');
      },
      { backoffMs: 1, maxAttempts: 3 },
    );
    await expect(attempt).rejects.toSatisfy(
      (e) =>
        e instanceof TRPCError && e.code === 'CONFLICT' && /lock wait time-out, 3 attempts/.test(e.message),
    );
    expect(await t.db.selectFrom('label').selectAll().execute()).toEqual([]);
  });

  it('passes other errors through at once', async () => {
    let runs = 0;
    const attempt = runTransaction(t.db, async () => {
      runs++;
      throw pgError('23505');
    });
    await expect(attempt).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
  });
});

const url = process.env.DATABASE_URL;

describe.runIf(url)('lock waits and deadlocks on PostgreSQL [postgres]', () => {
  it('a real deadlock between two transactions resolves: PostgreSQL aborts one, it runs again and both commit', async () => {
    const test = await openTestDatabase<Database>('postgres', { migrations, poolSize: 4 });
    try {
      await seedTracker(test.db);
      const [a, b] = (await test.db.selectFrom('project').select('id').orderBy('id').limit(2).execute()).map(
        (r) => r.id,
      );
      let arrived = 0;
      const bothHoldOneLock = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (arrived >= 2) {
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
      const retries: TransactionRetry[] = [];
      const crossing = (first: number, second: number) =>
        runTransaction(
          test.db as Kysely<Database>,
          async (trx) => {
            await trx
              .updateTable('project')
              .set({ name: `by ${first}` })
              .where('id', '=', first)
              .execute();
            if (arrived < 2) {
              arrived++;
              await bothHoldOneLock;
            }
            await trx
              .updateTable('project')
              .set({ summary: `by ${first}` })
              .where('id', '=', second)
              .execute();
            return first;
          },
          { onRetry: (r) => retries.push(r) },
        );
      expect(
        (await Promise.all([crossing(a as number, b as number), crossing(b as number, a as number)])).sort(),
      ).toEqual([a, b].sort());
      expect(retries.map((r) => r.code)).toEqual(['40P01']);
    } finally {
      await test.destroy();
    }
  }, 30_000);

  it('a request that waits on a row lock longer than lockTimeoutMs answers CONFLICT quickly, and nothing changed', async () => {
    const test = await openTestDatabase<Database>('postgres', { migrations, poolSize: 2 });
    const retries: TransactionRetry[] = [];
    const server = await startServer(test.url as string, {
      transactions: { lockTimeoutMs: 150, maxAttempts: 3, backoffMs: 10, onRetry: (r) => retries.push(r) },
    });
    const holder = new pg.Client({ connectionString: test.url as string });
    holder.on('error', () => {});
    try {
      await seedTracker(test.db);
      const project = await test.db
        .selectFrom('project')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      await holder.connect();
      await holder.query('begin');
      await holder.query('select id from project where id = $1 for update', [project.id]);
      const started = Date.now();
      const answer = await call(server.running.url, 'projects.delete', { id: project.id });
      const elapsed = Date.now() - started;
      expect(answer.status).toBe(409);
      expect(answer.body.error?.message).toMatch(/lock wait time-out, 3 attempts/);
      expect(elapsed).toBeLessThan(3_000);
      expect(retries.map((r) => r.code)).toEqual(['55P03', '55P03']);
      await holder.query('rollback');
      const row = await test.db
        .selectFrom('project')
        .select('is_deleted')
        .where('id', '=', project.id)
        .executeTakeFirstOrThrow();
      expect(row.is_deleted).toBe(false);
      // Once the lock is gone the same request succeeds.
      expect((await call(server.running.url, 'projects.delete', { id: project.id })).status).toBe(200);
    } finally {
      await holder.end().catch(() => {});
      await server.close();
      await test.destroy();
    }
  }, 30_000);
});
