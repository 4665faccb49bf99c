import { PGlite } from '@electric-sql/pglite';
import { Kysely, type KyselyPlugin, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from '../../pglite/pglite-dialect.js';
import type { Database } from './database.js';

/** Where the database lives: a PostgreSQL URL, or a PGlite data directory. */
export interface DatabaseOptions {
  /** `postgres://…`: use a real PostgreSQL through a `pg.Pool`. Wins over `dataDir`. */
  url?: string | undefined;
  /** PGlite data directory (a path, or `memory://`). Default `./.tombstone-data`. */
  dataDir?: string | undefined;
  /** Kysely plugins to install, e.g. `softDeletePlugin(...)`. */
  plugins?: KyselyPlugin[];
  /** Pool size for PostgreSQL. Default 10. */
  poolSize?: number;
}

/**
 * Opens the database: PostgreSQL when `url` is given, embedded PGlite otherwise. Close it with
 * `db.destroy()`, which ends the pool or closes PGlite (flushing its data directory).
 *
 * @example
 * const db = await createDatabase({ url: process.env.DATABASE_URL, dataDir: 'memory://' });
 * await db.selectFrom('article').selectAll().execute();
 * await db.destroy();
 */
export async function createDatabase<DB = Database>(options: DatabaseOptions = {}): Promise<Kysely<DB>> {
  const plugins = options.plugins ?? [];
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
    });
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
  }
  const pglite = await PGlite.create(options.dataDir ?? './.tombstone-data');
  return new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins });
}
