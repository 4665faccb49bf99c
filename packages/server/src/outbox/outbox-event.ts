import type { Kysely } from 'kysely';
import type { LifecycleKind } from '../lifecycle/lifecycle-hooks.js';

/** One outbox event: what one operation did to one table. */
export interface OutboxEvent {
  /** The event's id (a `bigint`, as text): use it as the idempotency key of your handler. */
  id: string;
  batchId: string;
  kind: LifecycleKind;
  table: string;
  /** The ids, as text. */
  ids: string[];
  count: number;
  actorId: string | null;
  createdAt: Date;
  /** Deliveries before this one that failed. */
  attempts: number;
}

/**
 * Handles one event. Throw to have it retried later (with back-off). `trx` is the consumer's
 * transaction: database writes through it commit exactly when the event is acknowledged.
 */
export type OutboxHandler = (
  event: OutboxEvent,
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  context: { trx: Kysely<any> },
) => void | Promise<void>;
