import type { Migration, MigrationProvider } from 'kysely';
import { tombstoneMigration, tombstoneOpenRowsIndexMigration } from '../../../audit/index.js';
import { tombstoneJobMigration } from '../../../jobs/index.js';
import * as referenceSchema from './0001-reference-schema.js';
import * as liveListIndexes from './0003-live-list-indexes.js';
import * as updatedAtSkipsSoftDelete from './0004-updated-at-skips-soft-delete.js';

/**
 * Every migration of the reference schema, in order: its own tables, Tombstone's audit table
 * exactly as an adopting app adds it, the partial indexes that keep lists of live rows fast,
 * `updated_at` triggers that skip the soft-delete UPDATE, the job table that lets deletes and
 * restores of more than 50,000 rows run in chunks, and the audit's lookup indexes brought to their
 * current form for databases created before `tombstoneMigration` made them so (0006 made the GIN
 * index partial; 0007 runs the same migration again, for the index on cascades' parents).
 * Static imports: works from `dist/` and bundles.
 */
export const migrations: Record<string, Migration> = {
  '0001-reference-schema': referenceSchema,
  '0002-tombstone-deletion': tombstoneMigration,
  '0003-live-list-indexes': liveListIndexes,
  '0004-updated-at-skips-soft-delete': updatedAtSkipsSoftDelete,
  '0005-tombstone-job': tombstoneJobMigration,
  '0006-tombstone-open-rows-index': tombstoneOpenRowsIndexMigration,
  '0007-tombstone-cascade-parents-index': tombstoneOpenRowsIndexMigration,
};

/** A Kysely `MigrationProvider` over {@link migrations}. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
