import type { Migration, MigrationProvider } from 'kysely';
import * as referenceSchema from './0001-reference-schema.js';
import * as tombstoneDeletion from './0002-tombstone-deletion.js';
import * as liveListIndexes from './0003-live-list-indexes.js';

/** Every migration of the reference schema, in order. Static imports: works from `dist/` and bundles. */
export const migrations: Record<string, Migration> = {
  '0001-reference-schema': referenceSchema,
  '0002-tombstone-deletion': tombstoneDeletion,
  '0003-live-list-indexes': liveListIndexes,
};

/** A Kysely `MigrationProvider` over {@link migrations}. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
