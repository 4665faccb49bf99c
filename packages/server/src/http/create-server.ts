import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnyRouter } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tombstone } from '../procedures/tombstone.js';
import { appRouter } from '../routers/app-router.js';
import { createContext } from '../routers/context.js';
import { sendJson } from './json-response.js';
import { createRestHandler } from './rest/index.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  db: Kysely<Database>;
  /** From `createTombstone(db, router)` at start-up. */
  tombstone: Tombstone;
  /** The router to serve under `/trpc` and `/api`; default the reference {@link appRouter}. */
  router?: AnyRouter;
  /**
   * Called with every unexpected error (an `INTERNAL_SERVER_ERROR`: a bug or a database outage,
   * never bad input or a denied request) of `/trpc` and `/api`, whose response only says
   * "Internal server error". Default: `console.error`.
   */
  onInternalError?: (error: unknown, path: string) => void;
}

function logInternalError(error: unknown, path: string): void {
  console.error(`Internal server error in ${path}:`, error);
}

/** A running HTTP server: its origin, and a `close()` that stops accepting and ends keep-alives. */
export interface RunningServer {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

/**
 * The HTTP server of the reference API: tRPC at `/trpc` (batching on), the same procedures as
 * REST at `/api` (see `createRestHandler`: `GET /api/articles`, `DELETE /api/articles/1` → 204, …)
 * and `GET /healthz`. The database is not closed by the server; its owner closes it.
 *
 * @example
 * const server = createServer({ db, tombstone: await createTombstone(db, appRouter) });
 * const running = await listen(server, { port: 3000 });
 */
export function createServer(options: ServerOptions): http.Server {
  const { db } = options;
  const router = options.router ?? appRouter;
  const contextOf = (req: http.IncomingMessage) =>
    createContext({ db, tombstone: options.tombstone }, req.headers.authorization);
  const onInternalError = options.onInternalError ?? logInternalError;
  const trpc = createHTTPHandler({
    router,
    basePath: '/trpc/',
    allowBatching: true,
    createContext: ({ req }) => contextOf(req),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        onInternalError(error.cause ?? error, `/trpc/${path ?? ''}`);
    },
  });
  const rest = createRestHandler({ router, createContext: contextOf, onInternalError });
  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') {
      void healthz(db).then(
        () => sendJson(res, 200, { ok: true }),
        () => sendJson(res, 503, { ok: false }),
      );
      return;
    }
    if (path === '/trpc' || path.startsWith('/trpc/')) {
      trpc(req, res);
      return;
    }
    if (path === '/api' || path.startsWith('/api/')) {
      rest(req, res);
      return;
    }
    sendJson(res, 404, { error: { message: `No route for ${req.method} ${path}`, code: 'NOT_FOUND' } });
  });
}

async function healthz(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * Starts listening and resolves once the port is bound.
 *
 * @example
 * const { url, close } = await listen(createServer({ db, tombstone }), { port: 0 });
 */
export async function listen(
  server: http.Server,
  { port = 3000, host = '127.0.0.1' }: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
