import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnyRouter } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { sendJson } from './json-response.js';
import { createRestHandler } from './rest/index.js';

/** Options of {@link createServer}. */
export interface ServerOptions<TContext> {
  /** The router to serve under `/trpc` and `/api`. */
  router: AnyRouter;
  /** The tRPC context of a request: your database, `tombstone`, the caller… */
  createContext(req: http.IncomingMessage): TContext | Promise<TContext>;
  /** Rejects while the database is unreachable: `GET /healthz` answers 503 then. Default: always healthy. */
  healthCheck?: () => Promise<unknown>;
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
 * An HTTP server for a router: tRPC at `/trpc` (batching on), the same procedures as
 * REST at `/api` (see `createRestHandler`: `GET /api/articles`, `DELETE /api/articles/1` → 204, …)
 * and `GET /healthz`. The database is not closed by the server; its owner closes it.
 *
 * @example
 * const server = createServer({ router: appRouter, createContext: (req) => ({ db, tombstone, user: null }) });
 * const running = await listen(server, { port: 3000 });
 */
export function createServer<TContext>(options: ServerOptions<TContext>): http.Server {
  const { router } = options;
  const contextOf = (req: http.IncomingMessage) => options.createContext(req);
  const healthCheck = options.healthCheck ?? (async () => undefined);
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
      void healthCheck().then(
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

/**
 * Starts listening and resolves once the port is bound.
 *
 * @example
 * const { url, close } = await listen(createServer({ router, createContext }), { port: 0 });
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
