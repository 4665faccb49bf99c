import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tombstoneOutboxMigration } from '../../src/outbox/outbox-migration.js';
import { openTestDatabase, type TestDatabase, testDialects } from '../../src/testing/index.js';

const SQL_FILE = join(import.meta.dirname, '..', '..', 'sql', 'tombstone-event.sql');

function statements(): string[] {
  return readFileSync(SQL_FILE, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

async function describeOutbox(db: Kysely<unknown>): Promise<unknown> {
  const columns = await sql`
    select a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull, a.attidentity,
           pg_get_expr(d.adbin, d.adrelid) as default
    from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = 'tombstone_event'::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  const constraints = await sql`
    select contype, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = 'tombstone_event'::regclass order by contype, def`.execute(db);
  const indexes = await sql`
    select indexdef from pg_indexes where tablename = 'tombstone_event' and schemaname = current_schema()
    order by indexdef`.execute(db);
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

for (const dialect of testDialects()) {
  describe(`the outbox table's SQL file [${dialect}]`, () => {
    let fromMigration: TestDatabase<unknown> | undefined;
    let fromFile: TestDatabase<unknown> | undefined;
    beforeAll(async () => {
      fromMigration = await openTestDatabase(dialect, {
        migrations: { '0001-outbox': tombstoneOutboxMigration },
      });
      fromFile = await openTestDatabase(dialect, { migrations: {} });
      for (const statement of statements()) await sql.raw(statement).execute(fromFile.db);
    }, 60_000);
    afterAll(async () => {
      await fromMigration?.destroy();
      await fromFile?.destroy();
    });

    it('creates exactly what tombstoneOutboxMigration creates', async () => {
      const expected = await describeOutbox((fromMigration as TestDatabase<unknown>).db);
      expect(await describeOutbox((fromFile as TestDatabase<unknown>).db)).toEqual(expected);
    });
  });
}
