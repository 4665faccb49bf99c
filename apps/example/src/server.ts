import {
  type AppContext,
  type AppRouter,
  appRouter,
  createContext,
  createServer,
  type Tombstone,
  type TombstoneServer,
} from '@tombstone/server';

/**
 * The example app's HTTP server: the reference router, its bearer-token context, a `select 1`
 * health check, and the landing page's link to the trash page.
 */
export function exampleServer(db: AppContext['db'], tombstone: Tombstone): TombstoneServer {
  return createServer<AppRouter>({
    router: appRouter,
    createContext: (req) => createContext({ db, tombstone }, req.headers.authorization),
    healthCheck: async () => {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
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
  });
}
