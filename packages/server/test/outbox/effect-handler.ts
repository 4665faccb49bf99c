import { type Kysely, sql } from 'kysely';
import type { OutboxHandler } from '../../src/outbox/outbox-event.js';

/** Tables an "external system" keeps: effects keyed by event id (idempotent), and every delivery. */
export async function createEffectTables(db: Kysely<unknown>): Promise<void> {
  await sql`create table if not exists outbox_effect (event_id bigint primary key)`.execute(db);
  await sql`create table if not exists outbox_delivery (event_id bigint primary key, n integer not null)`.execute(
    db,
  );
}

/**
 * An idempotent handler with an external effect: it writes through `external` (its own
 * connection, outside the consumer's transaction, like a webhook) — an effect keyed by the event
 * id, and a delivery count.
 */
export function effectHandler(external: Kysely<unknown>, delayMs = 0): OutboxHandler {
  return async (event) => {
    await sql`insert into outbox_delivery (event_id, n) values (${event.id}::bigint, 1)
              on conflict (event_id) do update set n = outbox_delivery.n + 1`.execute(external);
    await sql`insert into outbox_effect (event_id) values (${event.id}::bigint) on conflict do nothing`.execute(
      external,
    );
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  };
}
