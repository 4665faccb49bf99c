import { type Kysely, sql } from 'kysely';
import { createServer, type ServerOptions, type TombstoneServer } from '../http/create-server.js';
import type { Tombstone } from '../procedures/tombstone.js';
import { createContext } from './context.js';
import type { Database } from './db/database.js';
import { type AppRouter, appRouter } from './routers/app-router.js';

/** Options of {@link createReferenceServer}: the database, and any option of `createServer`. */
export interface ReferenceServerOptions
  extends Partial<Omit<ServerOptions<AppRouter>, 'router' | 'createContext'>> {
  db: Kysely<Database>;
  /** From `createTombstone(db, appRouter)` at start-up. */
  tombstone: Tombstone;
}

/**
 * The reference API's server: the library's `createServer` with the reference router, its
 * bearer-token context (`api_token`), a `select 1` health check, its OpenAPI title and a landing
 * page that links the trash console.
 *
 * @example
 * const tombstone = await createTombstone(db, appRouter);
 * const running = await listen(createReferenceServer({ db, tombstone }), { port: 3000 });
 */
export function createReferenceServer(options: ReferenceServerOptions): TombstoneServer {
  const { db, tombstone, ...rest } = options;
  return createServer<AppRouter>({
    openapi: {
      title: 'Tombstone example API',
      version: '0.1.0',
      description:
        'Soft delete for tRPC + Kysely + PostgreSQL. Demo tokens: `demo-admin-token` (staff), `demo-alice-token`, `demo-bob-token`.',
    },
    landing: {
      title: 'Tombstone example API',
      description: 'Soft delete done right: the reference API over tRPC and REST.',
      links: [{ href: '/trash', label: 'Trash', description: 'browse and restore deleted rows (staff)' }],
    },
    ...rest,
    router: appRouter,
    createContext: (req) => createContext({ db, tombstone }, req.headers.authorization),
    healthCheck: async () => {
      await sql`select 1`.execute(db);
    },
  });
}
