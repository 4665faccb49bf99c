import {
  createDatabase,
  createServer,
  DEMO_USERS,
  listen,
  migrateToLatest,
  seedDemo,
} from '@tombstone/server';
import { readConfig } from './config.js';

const config = readConfig();
const db = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${config.dataDir}`;

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
} catch (error) {
  console.error('Could not prepare the database:', error);
  await db.destroy();
  process.exit(1);
}

const running = await listen(createServer({ db }), { port: config.port, host: config.host });
console.log(`Tombstone example API on ${where}`);
console.log(`  ${running.url}/trpc   (tRPC)`);
console.log(`  ${running.url}/healthz`);
if (config.seedDemo) {
  console.log('Demo tokens (Authorization: Bearer <token>):');
  for (const user of DEMO_USERS)
    console.log(`  ${user.name.padEnd(6)} ${user.token}${user.isStaff ? '  (staff)' : ''}`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  await running.close();
  await db.destroy();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
