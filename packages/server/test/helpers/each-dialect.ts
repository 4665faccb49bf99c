import type { Kysely, KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { Database } from '../../src/reference/db/database.js';
import { migrations } from '../../src/reference/db/migrations/index.js';
import {
  openTestDatabase,
  type TestDatabase,
  type TestDialect,
  testDialects,
} from '../../src/testing/index.js';

/** What a suite body receives: the current dialect and its database, fresh for every test. */
export interface DialectContext {
  dialect: TestDialect;
  /** The database of the running test; emptied before each test. */
  readonly db: Kysely<Database>;
  readonly test: TestDatabase<Database>;
}

/**
 * Runs `body` once per database (PGlite always, PostgreSQL when `DATABASE_URL` is set), with an
 * isolated database per file that is emptied before every test, so tests never depend on order.
 */
export function describeEachDialect(
  name: string,
  body: (ctx: DialectContext) => void,
  options: { plugins?: KyselyPlugin[] } = {},
): void {
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let test: TestDatabase<Database> | undefined;
      const ctx: DialectContext = {
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
        test = await openTestDatabase<Database>(dialect, { ...options, migrations });
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
