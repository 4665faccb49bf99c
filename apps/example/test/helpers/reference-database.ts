import { type Database, migrations } from '@tombstone/server/reference';
import {
  openTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
  type TestDialect,
} from '@tombstone/server/testing';

/** An isolated database with the reference schema (and Tombstone's audit table) migrated. */
export type ReferenceTestDatabase = TestDatabase<Database>;

/** The Kysely instance of a {@link ReferenceTestDatabase}. */
export type ReferenceDb = ReferenceTestDatabase['db'];

/** Options of {@link openReferenceDatabase}: those of `openTestDatabase` but the migrations. */
export type ReferenceDatabaseOptions = Omit<TestDatabaseOptions, 'migrations'>;

/**
 * `openTestDatabase` with the reference API's migrations.
 *
 * @example
 * const test = await openReferenceDatabase('pglite');
 */
export function openReferenceDatabase(
  dialect: TestDialect,
  options: ReferenceDatabaseOptions = {},
): Promise<ReferenceTestDatabase> {
  return openTestDatabase<Database>(dialect, { ...options, migrations });
}
