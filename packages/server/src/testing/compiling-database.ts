import {
  DummyDriver,
  Kysely,
  type KyselyPlugin,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { Database } from '../db/database.js';

/**
 * A Kysely instance that compiles PostgreSQL but never connects: for SQL-only assertions and
 * compile benchmarks.
 *
 * @example
 * compilingDatabase([softDeletePlugin({ tables })]).selectFrom('article').selectAll().compile().sql;
 */
export function compilingDatabase(plugins: KyselyPlugin[] = []): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    plugins,
  });
}
