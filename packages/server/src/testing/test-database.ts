import { createHash, randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, type KyselyPlugin, type Migration, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from '../pglite/pglite-dialect.js';

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
export interface TestDatabase<DB> {
  dialect: TestDialect;
  db: Kysely<DB>;
  /** The connection URL (PostgreSQL only), for a second pool or a server under test. */
  url: string | undefined;
  /** Empties every table and restarts the identities: a clean database for the next test. */
  reset(): Promise<void>;
  /** Closes the connection and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

/** Options of {@link openTestDatabase}. */
export interface TestDatabaseOptions {
  /**
   * Your migrations, by name, applied in name order by Kysely's `Migrator` (include the audit
   * table's `tombstoneMigration` from `@tombstone/server` among them).
   */
  migrations: Readonly<Record<string, Migration>>;
  /** Kysely plugins to install, e.g. `softDeletePlugin(...)`. */
  plugins?: KyselyPlugin[];
  /** The server to create databases on; default `DATABASE_URL`. */
  postgresUrl?: string | undefined;
  /** Pool size of a PostgreSQL test database. Default 5. */
  poolSize?: number;
}

/** The template's name changes whenever a migration does, so a stale template is never used. */
function templateName(migrations: Readonly<Record<string, Migration>>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(migrations).sort()) {
    const migration = migrations[name] as Migration;
    hash.update(name).update(migration.up.toString());
  }
  return `tombstone_template_${hash.digest('hex').slice(0, 12)}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// biome-ignore lint/suspicious/noExplicitAny: the Migrator works on any schema.
async function migrate(db: Kysely<any>, migrations: Readonly<Record<string, Migration>>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration "${failed}" failed: ${String(error)}`, { cause: error });
  }
}

function postgres<DB>(url: string, plugins: KyselyPlugin[], poolSize: number): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client whose connection the server ends must not crash the test process.
  pool.on('error', () => {});
  // Nor may a checked-out client's (the query in flight rejects; the pool drops the client).
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
}

async function ensureTemplate(
  admin: pg.Client,
  adminUrl: string,
  template: string,
  migrations: Readonly<Record<string, Migration>>,
): Promise<void> {
  await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (found.rowCount) return;
    const building = `${template}_building_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database "${building}"`);
    const db = postgres(withDatabase(adminUrl, building), [], 1);
    try {
      await migrate(db, migrations);
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

// biome-ignore lint/suspicious/noExplicitAny: empties any schema.
function resetter(db: Kysely<any>): () => Promise<void> {
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
 * Opens an isolated database with your migrations applied: a fresh in-memory PGlite, or a new
 * PostgreSQL database copied from a migrated template (built once per set of migrations, then
 * `CREATE DATABASE … TEMPLATE`, which takes milliseconds). `reset()` empties it between tests;
 * `destroy()` drops it.
 *
 * @example
 * import { tombstoneMigration } from '@tombstone/server';
 * import { openTestDatabase } from '@tombstone/server/testing';
 *
 * const test = await openTestDatabase<MyDatabase>('postgres', {
 *   migrations: { '0001-app': appSchema, '0002-tombstone': tombstoneMigration },
 * });
 * await test.db.insertInto('project').values({ name: 'p' }).execute();
 * await test.destroy();
 */
export async function openTestDatabase<DB>(
  dialect: TestDialect,
  options: TestDatabaseOptions,
): Promise<TestDatabase<DB>> {
  const plugins = options.plugins ?? [];
  if (dialect === 'pglite') {
    const pglite = await PGlite.create('memory://');
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins });
    await migrate(db, options.migrations);
    return { dialect, db, url: undefined, reset: resetter(db), destroy: () => db.destroy() };
  }

  const adminUrl = options.postgresUrl ?? process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('openTestDatabase("postgres") needs DATABASE_URL or postgresUrl');
  const template = templateName(options.migrations);
  const name = `tombstone_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => {}); // a lost admin connection fails the await below, not the process
  await admin.connect();
  try {
    await ensureTemplate(admin, adminUrl, template, options.migrations);
    await createFromTemplate(admin, name, template);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = postgres<DB>(url, plugins, options.poolSize ?? 5);
  return {
    dialect,
    db,
    url,
    reset: resetter(db),
    async destroy() {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      cleanup.on('error', () => {});
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
