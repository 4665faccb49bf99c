import { createClient, type TombstoneClient } from '@tombstone/sdk';
import { createTombstone, type TombstoneOptions } from '@tombstone/server';
import { listen } from '@tombstone/server/http';
import { appRouter, createReferenceServer, DEMO_USERS, seedDemo } from '@tombstone/server/reference';
import { type TestDialect, testDialects } from '@tombstone/server/testing';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { clearData } from './db-state.js';
import { type DemoData, loadDemo } from './demo-data.js';
import {
  openReferenceDatabase,
  type ReferenceDatabaseOptions,
  type ReferenceDb,
  type ReferenceTestDatabase,
} from './reference-database.js';
import { WriteTracker } from './write-tracker.js';

/** Who calls: the three demo users, or nobody. */
export type Caller = 'anonymous' | 'alice' | 'bob' | 'admin';
export const CALLERS: readonly Caller[] = ['anonymous', 'alice', 'bob', 'admin'];

/** The bearer token of each demo user. */
export function tokenOf(caller: Caller): string | undefined {
  return DEMO_USERS.find((u) => u.name === caller)?.token;
}

/** What a contract suite receives; everything is fresh (re-seeded) for every test. */
export interface ContractContext {
  readonly dialect: TestDialect;
  /** Direct database access, to assert the database state only. */
  readonly db: ReferenceDb;
  /** The origin of the running server, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** SDK clients of the demo users and of an anonymous caller. */
  readonly as: Readonly<Record<Caller, TombstoneClient>>;
  /** An SDK client with any token (say, an unknown one). */
  client(token?: string): TombstoneClient;
  /** The ids of the demo data, re-read after every re-seed. */
  readonly demo: DemoData;
}

/**
 * Runs `body` once per database (PGlite always, PostgreSQL when `DATABASE_URL` is set) against a
 * real HTTP server started the way the example app starts it: migrated database → demo seed →
 * `createTombstone` (start-up validation) → `createServer` → `listen` on a free port. One server
 * per file and dialect; before every test the database is emptied and re-seeded whenever the
 * previous test may have written to it, so tests never depend on their order.
 */
export function describeContract(
  name: string,
  body: (ctx: ContractContext) => void,
  options: ReferenceDatabaseOptions & {
    /** Options of `createTombstone` (say, a small `largeOperations.maxRows`). */
    tombstone?: TombstoneOptions;
  } = {},
): void {
  const { tombstone: tombstoneOptions, ...databaseOptions } = options;
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let test: ReferenceTestDatabase | undefined;
      let running: { url: string; close(): Promise<void> } | undefined;
      let clients: Record<Caller, TombstoneClient> | undefined;
      let demo: DemoData | undefined;
      const writes = new WriteTracker();
      const need = <T>(value: T | undefined): T => {
        if (value === undefined) throw new Error('the contract server starts in beforeAll');
        return value;
      };
      const ctx: ContractContext = {
        dialect,
        get db() {
          return need(test).db;
        },
        get url() {
          return need(running).url;
        },
        get as() {
          return need(clients);
        },
        client: (token) => createClient({ url: need(running).url, token }),
        get demo() {
          return need(demo);
        },
      };

      beforeAll(async () => {
        test = await openReferenceDatabase(dialect, {
          ...databaseOptions,
          plugins: [...(databaseOptions.plugins ?? []), writes.plugin],
        });
        await seedDemo(test.db);
        const tombstone = await createTombstone(test.db, appRouter, tombstoneOptions);
        running = await listen(createReferenceServer({ db: test.db, tombstone }), { port: 0 });
        const url = running.url;
        clients = {
          anonymous: createClient({ url }),
          alice: createClient({ url, token: tokenOf('alice') }),
          bob: createClient({ url, token: tokenOf('bob') }),
          admin: createClient({ url, token: tokenOf('admin') }),
        };
      });

      beforeEach(async () => {
        if (!writes.dirty) return;
        const { db } = need(test);
        await clearData(db);
        await seedDemo(db);
        demo = await loadDemo(db);
        writes.clear();
      });

      afterAll(async () => {
        await running?.close();
        await test?.destroy();
      });

      body(ctx);
    });
  }
}
