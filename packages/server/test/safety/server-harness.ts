import type { Kysely } from 'kysely';
import { listen, type RunningServer } from '../../src/http/listen.js';
import { createTombstone } from '../../src/procedures/tombstone.js';
import type { TransactionPolicy } from '../../src/procedures/transaction-policy.js';
import { createDatabase } from '../../src/reference/db/create-database.js';
import type { Database } from '../../src/reference/db/database.js';
import { appRouter } from '../../src/reference/routers/app-router.js';
import { createReferenceServer } from '../../src/reference/server.js';

/** One reference server on its own pool, as a separate process of the app would run it. */
export interface SafetyServer {
  db: Kysely<Database>;
  running: RunningServer;
  /** Pool errors the server's `onPoolError` saw (idle connections that died). */
  poolErrors: Error[];
  close(): Promise<void>;
}

/** Starts the reference server on `url` (PostgreSQL) with its own pool, on a free port. */
export async function startServer(
  url: string,
  options: { poolSize?: number; transactions?: TransactionPolicy } = {},
): Promise<SafetyServer> {
  const poolErrors: Error[] = [];
  const db = await createDatabase({
    url,
    poolSize: options.poolSize ?? 4,
    onPoolError: (error) => poolErrors.push(error),
  });
  const tombstone = await createTombstone(db, appRouter, {
    logger: { warn: () => {} },
    ...(options.transactions ? { transactions: options.transactions } : {}),
  });
  const running = await listen(createReferenceServer({ db, tombstone }), { port: 0 });
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
  token = 'demo-admin-token',
  kind: 'mutation' | 'query' = 'mutation',
): Promise<CallResult> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const response =
    kind === 'mutation'
      ? await fetch(`${base}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) })
      : await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  return { status: response.status, body: (await response.json()) as CallResult['body'] };
}
