import {
  DummyDriver,
  Kysely,
  type KyselyPlugin,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';

/**
 * A Kysely instance that compiles PostgreSQL but never connects: for SQL-only assertions (what
 * the soft-delete plugin adds to your queries) and compile benchmarks.
 *
 * @example
 * compilingDatabase<MyDatabase>([softDeletePlugin({ tables })]).selectFrom('project').selectAll().compile().sql;
 */
export function compilingDatabase<DB>(plugins: KyselyPlugin[] = []): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    plugins,
  });
}
