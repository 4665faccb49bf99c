import type { Kysely } from 'kysely';
import { type ConsumeOutboxOptions, type ConsumeResult, consumeOutbox } from './consume-outbox.js';
import type { OutboxHandler } from './outbox-event.js';

/** Options of {@link createOutboxConsumer}. */
export interface OutboxConsumerOptions extends ConsumeOutboxOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>;
  handler: OutboxHandler;
  /** Pause when a poll found nothing, in ms. Default 1000. */
  idleMs?: number;
  /** Called when a poll itself fails (the loop goes on after `idleMs`). Default `console.error`. */
  onError?: (error: unknown) => void;
}

/** A running consumer loop. */
export interface OutboxConsumer {
  /** One batch: see {@link consumeOutbox}. */
  consumeOnce(): Promise<ConsumeResult>;
  /** Polls until {@link OutboxConsumer.stop}: batch after batch while there are events, then every `idleMs`. */
  start(): void;
  /** Stops after the batch in progress (its acknowledgement commits); resolves when stopped. */
  stop(): Promise<void>;
}

/**
 * A consumer of the outbox: run one per process, as many processes as you like (they claim
 * disjoint events with `SKIP LOCKED`).
 *
 * @example
 * const consumer = createOutboxConsumer({ db, batchSize: 50, handler: (e) => console.log(e.kind, e.table, e.ids) });
 * consumer.start();
 * process.on('SIGTERM', () => consumer.stop().then(() => db.destroy()));
 */
export function createOutboxConsumer(options: OutboxConsumerOptions): OutboxConsumer {
  const { db, handler, idleMs = 1000, onError = (e) => console.error('outbox consumer:', e) } = options;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const consumeOnce = () => consumeOutbox(db, handler, options);

  async function run(): Promise<void> {
    while (running) {
      let busy = false;
      try {
        const result = await consumeOnce();
        busy = result.processed + result.failed > 0;
      } catch (error) {
        onError(error);
      }
      if (!busy && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    consumeOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
}
