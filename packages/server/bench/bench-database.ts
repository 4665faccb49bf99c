import type { Kysely } from 'kysely';
import { createDatabase } from '../src/reference/db/create-database.js';
import type { Database } from '../src/reference/db/database.js';
import { migrateToLatest } from '../src/reference/db/migrate.js';
import { migrations } from '../src/reference/db/migrations/index.js';
import { openTestDatabase, type TestDatabase } from '../src/testing/index.js';

/**
 * The database a bench runs on: a fresh PostgreSQL database when `DATABASE_URL` is set, an
 * in-memory PGlite otherwise. Both subject and baseline of a ratio run on the same one.
 */
export async function openBenchDatabase(): Promise<{
  db: Kysely<Database>;
  label: string;
  close(): Promise<void>;
}> {
  if (process.env.DATABASE_URL) {
    const test: TestDatabase<Database> = await openTestDatabase<Database>('postgres', { migrations });
    return { db: test.db, label: 'postgres', close: () => test.destroy() };
  }
  const db = await createDatabase({ dataDir: 'memory://' });
  await migrateToLatest(db);
  return { db, label: 'pglite', close: () => db.destroy() };
}
