import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, type Migration, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase, testDialects } from '../../src/testing/index.js';

/** The statements of a file under `packages/server/sql/`, comments dropped. */
function statementsOf(file: string): string[] {
  return readFileSync(join(import.meta.dirname, '..', '..', 'sql', file), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Everything the catalog says about one table: columns, constraints, indexes. */
async function describeTable(db: Kysely<unknown>, table: string): Promise<unknown> {
  const columns = await sql`
    select a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull,
           a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid) as default
    from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  const constraints = await sql`
    select contype, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = ${table}::regclass order by contype, def`.execute(db);
  const indexes = await sql`
    select indexdef from pg_indexes where tablename = ${table} and schemaname = current_schema()
    order by indexdef`.execute(db);
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

/**
 * On each database: the plain SQL file creates exactly the tables the Kysely migration creates
 * (columns, types, defaults, constraints, indexes), and nothing else in the schema.
 */
export function describeSqlFileParity(file: string, migration: Migration, tables: readonly string[]): void {
  for (const dialect of testDialects()) {
    describe(`sql/${file} [${dialect}]`, () => {
      let fromMigration: TestDatabase<unknown> | undefined;
      let fromFile: TestDatabase<unknown> | undefined;
      const describeAll = async (db: Kysely<unknown>) =>
        Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await describeTable(db, t)])));
      beforeAll(async () => {
        fromMigration = await openTestDatabase(dialect, { migrations: { '0001-migration': migration } });
        fromFile = await openTestDatabase(dialect, { migrations: {} });
        for (const statement of statementsOf(file)) await sql.raw(statement).execute(fromFile.db);
      }, 60_000);
      afterAll(async () => {
        await fromMigration?.destroy();
        await fromFile?.destroy();
      });

      it('creates exactly what the migration creates', async () => {
        const expected = await describeAll((fromMigration as TestDatabase<unknown>).db);
        expect(await describeAll((fromFile as TestDatabase<unknown>).db)).toEqual(expected);
      });

      it('creates its tables and nothing else in the schema', async () => {
        const { rows } = await sql<{ relname: string }>`
          select relname from pg_class
          where relnamespace = current_schema()::regnamespace and relkind in ('r', 'v', 'm', 'p')
            and relname not like 'kysely_migration%'
          order by relname`.execute((fromFile as TestDatabase<unknown>).db);
        expect(rows.map((r) => r.relname)).toEqual([...tables].sort());
      });
    });
  }
}
