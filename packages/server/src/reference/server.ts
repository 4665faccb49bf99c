import type http from 'node:http';
import { type Kysely, sql } from 'kysely';
import { createServer, type ServerOptions } from '../http/create-server.js';
import type { Tombstone } from '../procedures/tombstone.js';
import { createContext } from './context.js';
import type { Database } from './db/database.js';
import { appRouter } from './routers/app-router.js';

/** Options of {@link createReferenceServer}. */
export interface ReferenceServerOptions
  extends Omit<ServerOptions<unknown>, 'router' | 'createContext' | 'healthCheck'> {
  db: Kysely<Database>;
  /** From `createTombstone(db, appRouter)` at start-up. */
  tombstone: Tombstone;
}

/**
 * The reference API's server: the library's `createServer` with the reference router, its
 * bearer-token context (`api_token`) and a `select 1` health check.
 *
 * @example
 * const tombstone = await createTombstone(db, appRouter);
 * const running = await listen(createReferenceServer({ db, tombstone }), { port: 3000 });
 */
export function createReferenceServer(options: ReferenceServerOptions): http.Server {
  const { db, tombstone, ...rest } = options;
  return createServer({
    ...rest,
    router: appRouter,
    createContext: (req) => createContext({ db, tombstone }, req.headers.authorization),
    healthCheck: () => sql`select 1`.execute(db),
  });
}
