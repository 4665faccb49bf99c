import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { consumeOutbox } from '../../src/outbox/consume-outbox.js';
import { createOutboxConsumer } from '../../src/outbox/outbox-consumer.js';
import type { OutboxEvent } from '../../src/outbox/outbox-event.js';
import { tombstoneOutboxMigration } from '../../src/outbox/outbox-migration.js';
import { writeOutboxEvents } from '../../src/outbox/write-outbox.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { project, task, team } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { lifecycleRouter } from '../lifecycle/lifecycle-router.js';
import { createEffectTables, effectHandler } from './effect-handler.js';

const quiet = { warn: () => {} };

describeEachDialect('transactional outbox', (h) => {
  let tombstone: Tombstone;
  const vetoing = lifecycleRouter({
    task: {
      beforeDelete: () => {
        throw new Error('veto');
      },
    },
  });
  const router = lifecycleRouter({});
  const caller = () => router.createCaller({ db: h.db, tombstone });
  beforeAll(async () => {
    await tombstoneOutboxMigration.up(h.db as never);
    await createEffectTables(h.db as never);
    tombstone = await createTombstone(h.db, router, { logger: quiet, outbox: true });
  });
  const events = async () =>
    (
      await sql<{
        batch_id: string;
        kind: string;
        table_name: string;
        row_ids: string[];
        row_count: number;
        actor_id: string | null;
      }>`
        select batch_id::text, kind, table_name, row_ids, row_count, actor_id from tombstone_event order by id`.execute(
        h.db,
      )
    ).rows;

  it('writes one event per operation and table, in the operation transaction', async () => {
    const a = await team(h.db, 'a');
    const p = await project(h.db, a, 'p');
    const c1 = await task(h.db, p, a);
    const c2 = await task(h.db, p, a);
    await caller().teams.delete({ id: a });
    const deleted = await events();
    expect(
      deleted.map((e) => [e.kind, e.table_name, [...e.row_ids].sort(), e.row_count, e.actor_id]),
    ).toEqual([
      ['delete', 'team', [String(a)], 1, '7'],
      ['delete', 'project', [String(p)], 1, '7'],
      ['delete', 'task', [String(c1), String(c2)].sort(), 2, '7'],
    ]);
    const audit = await sql<{
      batch_id: string;
    }>`select distinct batch_id::text from tombstone_deletion`.execute(h.db);
    expect(new Set(deleted.map((e) => e.batch_id))).toEqual(new Set(audit.rows.map((r) => r.batch_id)));
    await caller().teams.restore({ id: a });
    await caller().tasks.hardDelete({ id: c1 });
    expect((await events()).slice(3).map((e) => [e.kind, e.table_name, e.row_count])).toEqual([
      ['restore', 'team', 1],
      ['restore', 'project', 1],
      ['restore', 'task', 2],
      ['hardDelete', 'task', 1],
    ]);

    // A vetoed delete writes no event: the event exists exactly when the change committed.
    const vetoTombstone = await createTombstone(h.db, vetoing, { logger: quiet, outbox: true });
    await expect(
      vetoing.createCaller({ db: h.db, tombstone: vetoTombstone }).teams.delete({ id: a }),
    ).rejects.toThrow('veto');
    expect(await events()).toHaveLength(7);
  });

  it('consumes in order, acknowledges, retries failures with back-off, then parks them', async () => {
    for (const table of ['a', 'b', 'c']) {
      await writeOutboxEvents(h.db, 'hardDelete', crypto.randomUUID(), null, [
        { table, ids: [1, 2], cause: 'direct' },
      ]);
    }
    const seen: OutboxEvent[] = [];
    const first = await consumeOutbox(
      h.db,
      async (event, { trx }) => {
        seen.push(event);
        await sql`insert into outbox_effect (event_id) values (${event.id}::bigint)`.execute(trx);
        if (event.table === 'b') throw new Error('webhook down');
      },
      { batchSize: 10, backoffMs: () => 60_000 },
    );
    expect(first).toEqual({ processed: 2, failed: 1 });
    expect(seen.map((e) => [e.table, e.ids, e.count, e.attempts])).toEqual([
      ['a', ['1', '2'], 2, 0],
      ['b', ['1', '2'], 2, 0],
      ['c', ['1', '2'], 2, 0],
    ]);
    // The failed handler's write through trx was rolled back with it.
    expect((await sql`select event_id from outbox_effect`.execute(h.db)).rows).toHaveLength(2);
    const failed = await sql<{ attempts: number; last_error: string; later: boolean }>`
      select attempts, last_error, next_attempt_at > now() + interval '50 seconds' as later
      from tombstone_event where table_name = 'b'`.execute(h.db);
    expect(failed.rows).toEqual([{ attempts: 1, last_error: 'webhook down', later: true }]);
    // Not due yet: nothing to do.
    expect(await consumeOutbox(h.db, () => {})).toEqual({ processed: 0, failed: 0 });
    await sql`update tombstone_event set next_attempt_at = now() where table_name = 'b'`.execute(h.db);
    const fail = () => {
      throw new Error('still down');
    };
    expect(await consumeOutbox(h.db, fail, { maxAttempts: 2 })).toEqual({ processed: 0, failed: 1 });
    const parked = await sql<{
      parked: boolean;
    }>`select next_attempt_at = 'infinity' as parked from tombstone_event where table_name = 'b'`.execute(
      h.db,
    );
    expect(parked.rows).toEqual([{ parked: true }]);
  });

  it('several consumers at once handle every event exactly once', async () => {
    for (let i = 0; i < 30; i++) {
      await writeOutboxEvents(h.db, 'hardDelete', crypto.randomUUID(), null, [
        { table: 't', ids: [i], cause: 'direct' },
      ]);
    }
    const handled: string[] = [];
    const consumers = [1, 2, 3].map(() =>
      createOutboxConsumer({ db: h.db, batchSize: 4, idleMs: 10, handler: (e) => void handled.push(e.id) }),
    );
    for (const c of consumers) c.start();
    const deadline = Date.now() + 20_000;
    while (handled.length < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(consumers.map((c) => c.stop()));
    expect(handled).toHaveLength(30);
    expect(new Set(handled).size).toBe(30);
    const pending = await sql<{
      n: number;
    }>`select count(*)::int as n from tombstone_event where processed_at is null`.execute(h.db);
    expect(pending.rows[0]?.n).toBe(0);
  });

  // PostgreSQL only: a second process cannot open an in-memory PGlite.
  if (h.dialect === 'postgres')
    it('a consumer killed mid-batch (SIGKILL) loses nothing and repeats nothing it acknowledged', async () => {
      for (let i = 0; i < 40; i++) {
        await writeOutboxEvents(h.db, 'hardDelete', crypto.randomUUID(), null, [
          { table: 't', ids: [i], cause: 'direct' },
        ]);
      }
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'consumer-child.ts'), h.test.url as string],
        {
          stdio: 'inherit',
        },
      );
      const delivered = async () =>
        (await sql<{ n: number }>`select count(*)::int as n from outbox_delivery`.execute(h.db)).rows[0]?.n ??
        0;
      const deadline = Date.now() + 30_000;
      // Kill it in the middle of a batch: after 12 deliveries (two batches of 5 acknowledged, the third under way).
      while ((await delivered()) < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const acked = (
        await sql<{
          id: string;
        }>`select id::text from tombstone_event where processed_at is not null`.execute(h.db)
      ).rows.map((r) => r.id);
      expect(acked.length).toBeGreaterThanOrEqual(5);
      expect(acked.length).toBeLessThan(40);

      // A new consumer finishes the job.
      const external = (await openExternal(h.test.url as string)) as never;
      try {
        while ((await consumeOutbox(h.db, effectHandler(external), { batchSize: 7 })).processed > 0) {}
      } finally {
        await (external as { destroy(): Promise<void> }).destroy();
      }
      const pending = await sql<{
        n: number;
      }>`select count(*)::int as n from tombstone_event where processed_at is null`.execute(h.db);
      expect(pending.rows[0]?.n).toBe(0);
      const effects = await sql<{ n: number }>`select count(*)::int as n from outbox_effect`.execute(h.db);
      expect(effects.rows[0]?.n).toBe(40); // nothing lost, each effect once
      const repeated = await sql<{ id: string }>`
        select event_id::text as id from outbox_delivery where n > 1`.execute(h.db);
      // Only events of the killed, unacknowledged batch were delivered again.
      for (const { id } of repeated.rows) expect(acked).not.toContain(id);
    }, 60_000);
});

async function openExternal(url: string) {
  const { Kysely, PostgresDialect } = await import('kysely');
  const pg = (await import('pg')).default;
  return new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
}
