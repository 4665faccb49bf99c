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
  /**
   * Called when an idle pooled PostgreSQL connection fails (the server restarted, a network cut,
   * the database was dropped). The pool has already discarded the connection and opens a new one
   * on the next query. Default: ignored — without a listener `pg` would crash the process.
   */
  onPoolError?: (error: Error) => void;
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
    pool.on('error', (error) => options.onPoolError?.(error));
    // A connection that dies while checked out (a query in flight) emits 'error' on its client,
    // which pg leaves to the caller: the query rejects anyway, and the pool drops the client.
    pool.on('connect', (client) => client.on('error', () => {}));
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
  }
  const pglite = await PGlite.create(options.dataDir ?? './.tombstone-data');
  return new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins });
}
