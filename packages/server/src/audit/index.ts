import type { Migration } from 'kysely';
import { down, up } from './audit-migration.js';

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
