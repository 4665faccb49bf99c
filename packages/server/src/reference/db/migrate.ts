import { type Kysely, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.js';

/**
 * Applies every pending migration with Kysely's `Migrator`; throws the first failure. Unordered
 * migrations are allowed: the numbers leave gaps (no 0004 yet), and a migration added later into
 * a gap still applies to a database that already has the ones after it.
 *
 * @example
 * const db = await createDatabase({ dataDir: 'memory://' });
 * await migrateToLatest(db);
 */
// biome-ignore lint/suspicious/noExplicitAny: the Migrator works on any schema.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration "${failed}" failed: ${String(error)}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
