import type { Migration } from 'kysely';
import { down, up } from './audit-migration.js';
import * as openRowsIndex from './open-rows-index-migration.js';

export type { TombstoneDeletionTable, TombstoneHoldTable, TombstoneTables } from './audit-table.js';

/**
 * The audit table (`tombstone_deletion`) as a Kysely `Migration`: add it to your own
 * `Migrator`'s migrations. It creates that table, its indexes and `tombstone_hold` (legal holds), nothing else. For other
 * migration tools the same DDL ships as `@tombstone/server/sql/tombstone-deletion.sql`.
 *
 * @example
 * const migrator = new Migrator({
 *   db,
 *   provider: { getMigrations: async () => ({ ...myMigrations, '2026-12-01-tombstone': tombstoneMigration }) },
 * });
 */
export const tombstoneMigration: Migration = { up, down };

/**
 * For an audit table created by an earlier `tombstoneMigration`: makes its GIN index on `row_ids`
 * partial (`where open`), as `tombstoneMigration` creates it now, so that a restore or purge that
 * closes an entry no longer indexes all its ids a second time (a restore of a million rows: 2.5 s
 * and 250 MB of WAL less). Add it after `tombstoneMigration`; where that migration is new, it
 * rebuilds the same index.
 *
 * @example
 * const migrations = {
 *   '2026-12-01-tombstone': tombstoneMigration,
 *   '2026-12-08-tombstone-open-rows-index': tombstoneOpenRowsIndexMigration,
 * };
 */
export const tombstoneOpenRowsIndexMigration: Migration = openRowsIndex;
