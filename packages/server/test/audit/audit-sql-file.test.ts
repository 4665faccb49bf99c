import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tombstoneMigration } from '../../src/audit/index.js';
import { openTestDatabase, type TestDatabase, testDialects } from '../../src/testing/index.js';

const SQL_FILE = join(import.meta.dirname, '..', '..', 'sql', 'tombstone-deletion.sql');

/** The statements of the SQL file, comments dropped. */
function statements(): string[] {
  return readFileSync(SQL_FILE, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Everything the catalog says about the audit table: columns, constraints, indexes. */
async function describeAuditTable(db: Kysely<unknown>): Promise<unknown> {
  const columns = await sql`
    select a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull,
           a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid) as default
    from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = 'tombstone_deletion'::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  const constraints = await sql`
    select contype, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = 'tombstone_deletion'::regclass order by contype, def`.execute(db);
  const indexes = await sql`
    select indexdef from pg_indexes where tablename = 'tombstone_deletion' and schemaname = current_schema()
    order by indexdef`.execute(db);
  // Constraint names Kysely and the file choose may differ only where PostgreSQL generates them.
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

for (const dialect of testDialects()) {
  describe(`the audit table's SQL file [${dialect}]`, () => {
    let fromMigration: TestDatabase<unknown> | undefined;
    let fromFile: TestDatabase<unknown> | undefined;
    beforeAll(async () => {
      fromMigration = await openTestDatabase(dialect, {
        migrations: { '0001-tombstone': tombstoneMigration },
      });
      fromFile = await openTestDatabase(dialect, { migrations: {} });
      for (const statement of statements()) await sql.raw(statement).execute(fromFile.db);
    }, 60_000);
    afterAll(async () => {
      await fromMigration?.destroy();
      await fromFile?.destroy();
    });

    it('creates exactly what tombstoneMigration creates', async () => {
      const expected = await describeAuditTable((fromMigration as TestDatabase<unknown>).db);
      expect(await describeAuditTable((fromFile as TestDatabase<unknown>).db)).toEqual(expected);
    });

    it('creates one table and nothing else in the schema', async () => {
      const { rows } = await sql<{ relname: string }>`
        select relname from pg_class where relnamespace = current_schema()::regnamespace and relkind in ('r', 'v', 'm', 'p') and relname not like 'kysely_migration%'
        order by relname`.execute((fromFile as TestDatabase<unknown>).db);
      expect(rows.map((r) => r.relname)).toEqual(['tombstone_deletion']);
    });
  });
}
