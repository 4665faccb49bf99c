import type { Kysely, KyselyPlugin, Migration } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import {
  openTestDatabase,
  type TestDatabase,
  type TestDialect,
  testDialects,
} from '../../src/testing/index.js';
import type { Database } from '../fixtures/database.js';
import { migrations as fixtureMigrations } from '../fixtures/migrations/index.js';

/** What a suite body receives: the current dialect and its database, fresh for every test. */
export interface DialectContext<DB = Database> {
  dialect: TestDialect;
  /** The database of the running test; emptied before each test. */
  readonly db: Kysely<DB>;
  readonly test: TestDatabase<DB>;
}

/** Options of {@link describeEachDialect}. */
export interface EachDialectOptions {
  plugins?: KyselyPlugin[];
  /**
   * The schema of the suite's databases. Default: the library tests' project tracker
   * (`test/fixtures`); suites of the reference API pass the reference migrations.
   */
  migrations?: Readonly<Record<string, Migration>>;
}

/**
 * Runs `body` once per database (PGlite always, PostgreSQL when `DATABASE_URL` is set), with an
 * isolated database per file that is emptied before every test, so tests never depend on order.
 */
export function describeEachDialect<DB = Database>(
  name: string,
  body: (ctx: DialectContext<DB>) => void,
  options: EachDialectOptions = {},
): void {
  const { migrations = fixtureMigrations, ...rest } = options;
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let test: TestDatabase<DB> | undefined;
      const ctx: DialectContext<DB> = {
        dialect,
        get db() {
          if (!test) throw new Error('the database is opened in beforeAll');
          return test.db;
        },
        get test() {
          if (!test) throw new Error('the database is opened in beforeAll');
          return test;
        },
      };
      beforeAll(async () => {
        test = await openTestDatabase<DB>(dialect, { ...rest, migrations });
      }, 60_000);
      beforeEach(async () => {
        await test?.reset();
      });
      afterAll(async () => {
        await test?.destroy();
      });
      body(ctx);
    });
  }
}
