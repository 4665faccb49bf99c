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
 * For an audit table created by an earlier `tombstoneMigration`: gives it the lookup indexes
 * `tombstoneMigration` creates now. GIN on the `row_ids` of open direct entries and on the
 * `parent_ids` of open cascade entries, both partial (`where open`): a restore or purge that
 * closes an entry no longer indexes its ids a second time (a restore of a million rows: 2.5 s and
 * 250 MB of WAL less), and a cascade indexes one key per parent instead of one per row (a delete
 * of a million rows: about 2 s less). Add it after `tombstoneMigration`, and once more under a
 * new name when a release says its indexes changed; where that migration is new, it rebuilds the
 * same indexes.
 *
 * @example
 * const migrations = {
 *   '2026-12-01-tombstone': tombstoneMigration,
 *   '2026-12-08-tombstone-open-rows-index': tombstoneOpenRowsIndexMigration,
 * };
 */
export const tombstoneOpenRowsIndexMigration: Migration = openRowsIndex;
