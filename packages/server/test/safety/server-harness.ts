import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { createServer } from '../../src/http/create-server.js';
import { listen, type RunningServer } from '../../src/http/listen.js';
import { createTombstone } from '../../src/procedures/tombstone.js';
import type { TransactionPolicy } from '../../src/procedures/transaction-policy.js';
import { connectPostgres } from '../fixtures/connect.js';
import type { Database } from '../fixtures/database.js';
import { trackerRouter } from '../fixtures/tracker-router.js';

/** One tracker server on its own pool, as a separate process of the app would run it. */
export interface SafetyServer {
  db: Kysely<Database>;
  running: RunningServer;
  /** Pool errors the server's pool reported (idle connections that died). */
  poolErrors: Error[];
  close(): Promise<void>;
}

/** Starts the library's `createServer` over the tracker on `url` (PostgreSQL), on a free port. */
export async function startServer(
  url: string,
  options: { poolSize?: number; transactions?: TransactionPolicy } = {},
): Promise<SafetyServer> {
  const poolErrors: Error[] = [];
  const db = connectPostgres(url, {
    poolSize: options.poolSize ?? 4,
    onPoolError: (error) => poolErrors.push(error),
  });
  const tombstone = await createTombstone(db, trackerRouter, {
    logger: { warn: () => {} },
    ...(options.transactions ? { transactions: options.transactions } : {}),
  });
  const app = createServer({
    router: trackerRouter,
    createContext: () => ({ db, tombstone, actorId: 1 }),
    healthCheck: async () => {
      await sql`select 1`.execute(db);
    },
  });
  const running = await listen(app, { port: 0 });
  return {
    db,
    running,
    poolErrors,
    async close() {
      await running.close();
      await db.destroy();
    },
  };
}

/** What a tRPC call over HTTP answered: the status and the parsed body. */
export interface CallResult {
  status: number;
  body: { result?: { data?: unknown }; error?: { message: string; data?: { code?: string } } };
}

/** Calls a tRPC procedure over plain HTTP (`kind` mutation → POST, query → GET). */
export async function call(
  base: string,
  path: string,
  input: unknown,
  kind: 'mutation' | 'query' = 'mutation',
): Promise<CallResult> {
  const headers = { 'content-type': 'application/json' };
  const response =
    kind === 'mutation'
      ? await fetch(`${base}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) })
      : await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  return { status: response.status, body: (await response.json()) as CallResult['body'] };
}
