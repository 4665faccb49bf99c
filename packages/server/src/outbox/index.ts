export {
  type ConsumeOutboxOptions,
  type ConsumeResult,
  consumeOutbox,
  defaultBackoffMs,
} from './consume-outbox.js';
export { createOutboxConsumer, type OutboxConsumer, type OutboxConsumerOptions } from './outbox-consumer.js';
export type { OutboxEvent, OutboxHandler } from './outbox-event.js';
export { OUTBOX_TABLE, tombstoneOutboxMigration } from './outbox-migration.js';
