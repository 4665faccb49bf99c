import { type Kysely, sql } from 'kysely';
import { savepoint } from '../cascade/savepoint.js';
import type { LifecycleKind } from '../lifecycle/lifecycle-hooks.js';
import type { OutboxEvent, OutboxHandler } from './outbox-event.js';
import { OUTBOX_TABLE } from './outbox-migration.js';

/** Options of {@link consumeOutbox}. */
export interface ConsumeOutboxOptions {
  /** Most events claimed (and acknowledged together) per call. Default 100. */
  batchSize?: number;
  /** Deliveries after which a failing event is parked (`next_attempt_at = 'infinity'`). Default 10. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1, 2, …), in ms. Default `min(1000 · 2^(attempt-1), 3_600_000)`. */
  backoffMs?: (attempt: number) => number;
}

/** What one {@link consumeOutbox} call did. */
export interface ConsumeResult {
  /** Events handled and acknowledged. */
  processed: number;
  /** Events whose handler threw: scheduled again (or parked). */
  failed: number;
}

/** The default back-off: 1 s, 2 s, 4 s, … capped at one hour. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 3_600_000);
}

interface EventRow {
  id: string;
  batch_id: string;
  kind: LifecycleKind;
  table_name: string;
  row_ids: string[];
  row_count: number;
  actor_id: string | null;
  created_at: Date;
  attempts: number;
}

/**
 * Claims up to `batchSize` pending events (`FOR UPDATE SKIP LOCKED`: concurrent consumers take
 * disjoint events and never wait for each other), hands each to `handler` in id order — each in
 * a savepoint, so a failing handler's writes through `trx` are undone — and, in the same
 * transaction, acknowledges the handled ones (`processed_at`) and reschedules the failed ones
 * (`attempts + 1`, `last_error`, `next_attempt_at` after the back-off). The commit is the
 * acknowledgement: a consumer that dies mid-batch acknowledges nothing of that batch, which is
 * then delivered again — at-least-once delivery, exactly-once effect with an idempotent handler
 * (key it on `event.id`, or write through `trx`).
 *
 * @example
 * const { processed } = await consumeOutbox(db, async (event) => {
 *   await fetch(webhookUrl, { method: 'POST', headers: { 'idempotency-key': event.id }, body: JSON.stringify(event) });
 * });
 */
export async function consumeOutbox(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  handler: OutboxHandler,
  options: ConsumeOutboxOptions = {},
): Promise<ConsumeResult> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 100));
  const maxAttempts = options.maxAttempts ?? 10;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<EventRow>`
      select id::text as id, batch_id::text as batch_id, kind, table_name, row_ids, row_count, actor_id, created_at, attempts
      from ${sql.table(OUTBOX_TABLE)}
      where processed_at is null and next_attempt_at <= now()
      order by id
      limit ${batchSize}
      for update skip locked
    `.execute(trx);
    const done: string[] = [];
    let failed = 0;
    for (const row of rows) {
      const sp = await savepoint(trx);
      try {
        await handler(toEvent(row), { trx });
        await sp.release();
        done.push(row.id);
      } catch (error) {
        await sp.rollback();
        failed++;
        const attempt = row.attempts + 1;
        const next =
          attempt >= maxAttempts
            ? sql`'infinity'::timestamptz`
            : sql`now() + ${Math.max(0, backoffMs(attempt))} * interval '1 millisecond'`;
        await sql`
          update ${sql.table(OUTBOX_TABLE)}
          set attempts = ${attempt}, last_error = ${String((error as Error)?.message ?? error)}, next_attempt_at = ${next}
          where id = ${row.id}::bigint
        `.execute(trx);
      }
    }
    if (done.length > 0) {
      await sql`
        update ${sql.table(OUTBOX_TABLE)} set processed_at = now()
        where id = any(${`{${done.join(',')}}`}::bigint[])
      `.execute(trx);
    }
    return { processed: done.length, failed };
  });
}

function toEvent(row: EventRow): OutboxEvent {
  return {
    id: row.id,
    batchId: row.batch_id,
    kind: row.kind,
    table: row.table_name,
    ids: row.row_ids,
    count: row.row_count,
    actorId: row.actor_id,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
    attempts: row.attempts,
  };
}
