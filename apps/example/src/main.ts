import { createTombstone, resumeJobs, softDeletePlugin, type Tombstone } from '@tombstone/server';
import { listen } from '@tombstone/server/http';
import {
  appRouter,
  createDatabase,
  createReferenceServer,
  DEMO_USERS,
  migrateToLatest,
  seedDemo,
  softDeleteTables,
} from '@tombstone/server/reference';
import { readConfig } from './config.js';
import { outboxEnabled } from './outbox-table.js';
import { registerTrashConsole } from './trash-console.js';

const config = readConfig();
// The plugin hides soft-deleted rows from every query this app writes by hand.
const db = await createDatabase({
  url: config.databaseUrl,
  dataDir: config.dataDir,
  plugins: [softDeletePlugin({ tables: softDeleteTables })],
  // An idle connection lost (PostgreSQL restarted): the pool reconnects; /healthz says 503 meanwhile.
  onPoolError: (error) => console.warn(`PostgreSQL connection lost: ${error.message}`),
});
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${config.dataDir}`;

let tombstone: Tombstone;
try {
  const applied = await migrateToLatest(db);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  if (config.seedDemo) {
    const seed = await seedDemo(db);
    if (seed.seeded) {
      console.log(
        `Seeded demo data: ${seed.authors} authors, ${seed.articles} articles, ${seed.comments} comments`,
      );
    }
  }
  // OUTBOX=true: every delete / restore / hard delete also writes an event (npm run outbox reads them).
  const outbox = await outboxEnabled(db);
  // Fails fast, naming table and column, if the schema does not match the routers.
  tombstone = await createTombstone(db, appRouter, { outbox });
} catch (error) {
  console.error('Could not prepare the database:', error);
  await db.destroy();
  process.exit(1);
}

// Large deletes and restores a previous run left unfinished (a crash, a restart): finish them in
// the background. Never fatal: a job that fails is marked `failed` and logged.
void resumeJobs(db, tombstone.graph, {
  lifecycle: tombstone.lifecycle,
  ...(tombstone.largeOperations ? { maxRows: tombstone.largeOperations.maxRows } : {}),
  ...(tombstone.transactions ? { transactions: tombstone.transactions } : {}),
  onError: (job, error) =>
    console.error(
      `Resumed ${job.operation} job ${job.id} (${job.table} ${job.ids.join(', ')}) failed:`,
      error,
    ),
})
  .then((resumed) => {
    for (const job of resumed)
      console.log(`Resumed ${job.operation} job ${job.id} (${job.table} ${job.ids.join(', ')})`);
  })
  .catch((error: unknown) => console.error('Could not resume unfinished jobs:', error));

const server = createReferenceServer({ db, tombstone });
registerTrashConsole(server.fastify);
const running = await listen(server, {
  port: config.port,
  host: config.host,
});
console.log(`Tombstone example API on ${where}`);
console.log(`  ${running.url}/         (landing page)`);
console.log(`  ${running.url}/docs     (API reference)`);
console.log(`  ${running.url}/trash    (trash console)`);
console.log(`  ${running.url}/trpc     (tRPC)`);
console.log(
  `  ${running.url}/api      (REST: GET /api/articles/, DELETE /api/articles/1 …; /api/openapi.json)`,
);
console.log(`  ${running.url}/healthz`);
if (config.seedDemo) {
  console.log('Demo tokens (Authorization: Bearer <token>):');
  for (const user of DEMO_USERS)
    console.log(`  ${user.name.padEnd(6)} ${user.token}${user.isStaff ? '  (staff)' : ''}`);
}

let stopping = false;
/**
 * Graceful stop: stop accepting connections, let in-flight requests finish (new requests on
 * kept-alive sockets get 503), close the database pool, exit 0. A second signal exits at once.
 */
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    console.log(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: shutting down`);
  try {
    await running.close();
    await db.destroy();
    process.exit(0);
  } catch (error) {
    console.error('Shutdown failed:', error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
