import { OUTBOX_TABLE, tombstoneOutboxMigration } from '@tombstone/server';

/** Any Kysely instance (this app has no direct dependency on kysely). */
type Db = Parameters<typeof tombstoneOutboxMigration.up>[0];

/** Creates the outbox table when it is missing (the example's opt-in, outside its migrations). */
export async function ensureOutboxTable(database: object): Promise<void> {
  const db = database as Db;
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === OUTBOX_TABLE)) {
    await tombstoneOutboxMigration.up(db);
  }
}

/** Whether `OUTBOX=true`; creates the table then. */
export async function outboxEnabled(db: object, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const on = ['true', '1', 'yes', 'on'].includes((env.OUTBOX ?? '').toLowerCase());
  if (on) await ensureOutboxTable(db);
  return on;
}
