import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, type KyselyPlugin, sql } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../db/create-database.js';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';

/** The databases a suite runs against. */
export type TestDialect = 'pglite' | 'postgres';

/**
 * PGlite always; PostgreSQL too when `DATABASE_URL` is set (CI sets it).
 *
 * @example
 * for (const dialect of testDialects()) describe(dialect, () => { ... });
 */
export function testDialects(env: NodeJS.ProcessEnv = process.env): TestDialect[] {
  return env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** An isolated, migrated database of its own. */
export interface TestDatabase {
  dialect: TestDialect;
  db: Kysely<Database>;
  /** The connection URL (PostgreSQL only), for a second pool or a server under test. */
  url: string | undefined;
  /** Empties every table and restarts the identities: a clean database for the next test. */
  reset(): Promise<void>;
  /** Closes the connection and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

/** Options of {@link openTestDatabase}. */
export interface TestDatabaseOptions {
  plugins?: KyselyPlugin[];
  /** The server to create databases on; default `DATABASE_URL`. */
  postgresUrl?: string | undefined;
}

/** The template's name changes whenever a migration does, so a stale template is never used. */
function templateName(): string {
  const hash = createHash('sha256');
  for (const [name, migration] of Object.entries(migrations)) {
    hash.update(name).update(migration.up.toString());
  }
  return `tombstone_template_${hash.digest('hex').slice(0, 12)}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function ensureTemplate(admin: pg.Client, adminUrl: string, template: string): Promise<void> {
  await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (found.rowCount) return;
    const building = `${template}_building_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database "${building}"`);
    const db = await createDatabase({ url: withDatabase(adminUrl, building), poolSize: 1 });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    await admin.query(`alter database "${building}" rename to "${template}"`);
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
  }
}

async function createFromTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database "${name}" template "${template}"`);
      return;
    } catch (error) {
      // Another session is copying the template at this very moment: wait and try again.
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 25));
    }
  }
}

async function resetter(db: Kysely<Database>): Promise<() => Promise<void>> {
  // Read the tables on every reset: a test may have created tables of its own.
  return async () => {
    const { rows } = await sql<{ name: string }>`
      select quote_ident(tablename) as name from pg_tables
      where schemaname = current_schema() and tablename not like 'kysely_migration%'
    `.execute(db);
    if (rows.length === 0) return;
    await sql`truncate ${sql.raw(rows.map((r) => r.name).join(', '))} restart identity cascade`.execute(db);
  };
}

/**
 * Opens an isolated, migrated database: a fresh in-memory PGlite, or a new PostgreSQL database
 * copied from a migrated template (built once per migration set, then `CREATE DATABASE … TEMPLATE`).
 *
 * @example
 * const test = await openTestDatabase('postgres');
 * await test.db.insertInto('author').values({ name: 'a', email: 'a@x.io' }).execute();
 * await test.destroy();
 */
export async function openTestDatabase(
  dialect: TestDialect,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const plugins = options.plugins ?? [];
  if (dialect === 'pglite') {
    const db = await createDatabase({ dataDir: 'memory://', plugins });
    await migrateToLatest(db);
    return { dialect, db, url: undefined, reset: await resetter(db), destroy: () => db.destroy() };
  }

  const adminUrl = options.postgresUrl ?? process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('openTestDatabase("postgres") needs DATABASE_URL');
  const template = templateName();
  const name = `tombstone_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await ensureTemplate(admin, adminUrl, template);
    await createFromTemplate(admin, name, template);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = await createDatabase({ url, plugins, poolSize: 5 });
  return {
    dialect,
    db,
    url,
    reset: await resetter(db),
    async destroy() {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
