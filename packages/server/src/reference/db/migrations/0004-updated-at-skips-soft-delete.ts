import { type Kysely, sql } from 'kysely';

/**
 * The `updated_at` triggers of 0001 fired on every UPDATE, the soft-delete UPDATE included: each
 * delete and restore ran a PL/pgSQL call per flipped row (cascades too) and the schema advisor
 * warned about all four at every start. `updated_at` says when a row's content last changed; when
 * it went to the trash and came back is the audit trail's business (`tombstone_deletion`). The
 * triggers now skip an UPDATE that changes the soft-delete flag.
 */
const TABLES: ReadonlyArray<{ table: string; flag: string }> = [
  { table: 'author', flag: 'is_deleted' },
  { table: 'category', flag: 'deleted_at' },
  { table: 'article', flag: 'is_deleted' },
  { table: 'comment', flag: 'is_deleted' },
];

async function recreate(db: Kysely<unknown>, table: string, when: ReturnType<typeof sql>): Promise<void> {
  const name = sql.id(`${table}_set_updated_at`);
  await sql`drop trigger ${name} on ${sql.table(table)}`.execute(db);
  await sql`
    create trigger ${name} before update on ${sql.table(table)}
    for each row ${when} execute function tombstone_set_updated_at()
  `.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { table, flag } of TABLES) {
    const column = sql.id(flag);
    await recreate(db, table, sql`when (old.${column} is not distinct from new.${column})`);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of TABLES) await recreate(db, table, sql``);
}
