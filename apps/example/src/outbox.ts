/**
 * `npm run outbox -w apps/example [-- --once]`: a console consumer of the transactional outbox.
 * Start the API with `OUTBOX=true` (on PostgreSQL: PGlite allows one process per data directory,
 * so on PGlite stop the API first), delete or restore something, and the events print here, one
 * JSON line each. `--once` drains what is pending and exits; otherwise it polls until Ctrl-C.
 */
import { createOutboxConsumer } from '@tombstone/server';
import { createDatabase, migrateToLatest } from '@tombstone/server/reference';
import { readConfig } from './config.js';
import { ensureOutboxTable } from './outbox-table.js';

const config = readConfig();
const db = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
await migrateToLatest(db);
await ensureOutboxTable(db);
const consumer = createOutboxConsumer({
  db,
  batchSize: 50,
  idleMs: 500,
  // Idempotent: printing twice after a crash is harmless; a webhook would send `event.id` as its idempotency key.
  handler: (event) => console.log(JSON.stringify(event)),
});
if (process.argv.includes('--once')) {
  while ((await consumer.consumeOnce()).processed > 0) {}
  await db.destroy();
} else {
  consumer.start();
  const stop = () => void consumer.stop().then(() => db.destroy());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
