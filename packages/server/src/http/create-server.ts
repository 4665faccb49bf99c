import type http from 'node:http';
import type { AnyRouter, inferRouterContext } from '@trpc/server';
import Fastify, { type FastifyInstance } from 'fastify';
import { frameworkErrorHandler } from './fastify/error-handler.js';
import { registerHealth } from './fastify/health-route.js';
import { httpServerFactory } from './fastify/http-server-factory.js';
import { registerPages } from './fastify/pages-plugin.js';
import { registerRest } from './fastify/rest-plugin.js';
import { registerTrpc } from './fastify/trpc-plugin.js';
import { DEFAULT_BODY_LIMIT, type ServerTimeouts, timeoutsOf } from './limits.js';
import type { OpenApiOptions } from './openapi/openapi-document.js';
import type { LandingLink } from './pages/landing-page.js';

/** Options of {@link createServer}. */
export interface ServerOptions<TRouter extends AnyRouter> extends ServerTimeouts {
  /** The router served at `/trpc` and, as REST, at `/api`. */
  router: TRouter;
  /** The context of one request (read the `Authorization` header here), for `/trpc` and `/api` alike. */
  createContext(
    req: http.IncomingMessage,
  ): inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  /** Backs `GET /healthz`: resolves → 200 `{"ok":true}`; rejects or takes over 2 s → 503 `{"ok":false}`. Default: always 200. */
  healthCheck?(): Promise<void>;
  /** How long `healthCheck` may take, in ms. Default 2,000. */
  healthTimeout?: number;
  /**
   * Called with every unexpected error (an `INTERNAL_SERVER_ERROR`: a bug or a database outage,
   * never bad input or a denied request) of `/trpc` and `/api`, whose response only says
   * "Internal server error". Default: `console.error`.
   */
  onInternalError?: (error: unknown, path: string) => void;
  /** Largest request body on `/trpc` and `/api`, in bytes; larger → 413 and the connection closes. Default 1 MiB. */
  bodyLimit?: number;
  /** Where the tRPC endpoint is mounted. Default `/trpc`. */
  trpcPath?: string;
  /** Where the REST routes are mounted. Default `/api`. */
  restPath?: string;
  /** The OpenAPI document at `<restPath>/openapi.json` (`info` and `servers`); `false`: none. Default on. */
  openapi?: Omit<OpenApiOptions, 'basePath'> | false;
  /** The interactive reference (Swagger UI, served locally) at `/docs`; `false`: none. Default on. */
  docs?: { title?: string; path?: string } | false;
  /** The landing page at `/` linking all of the above and `links`; `false`: none. Default on. */
  landing?: { title?: string; description?: string; links?: LandingLink[] } | false;
}

/** The server {@link createServer} builds: Fastify, and Node's server under it. */
export interface TombstoneServer {
  /** The Fastify instance, to add routes or hooks before `listen`. */
  readonly fastify: FastifyInstance;
  /** Node's HTTP server (listen through {@link listen} or `fastify.listen`). */
  readonly server: http.Server;
}

function logInternalError(error: unknown, path: string): void {
  console.error(`Internal server error in ${path}:`, error);
}

/**
 * The HTTP server of a soft-delete API, on Fastify: the router through tRPC at `/trpc` (batching
 * on) and as REST at `/api` (`GET /api/articles/`, `DELETE /api/articles/1` → 204, … see
 * `restRoutes`), its OpenAPI 3.1 document at `/api/openapi.json`, an API reference at `/docs`, a
 * landing page at `/` and `GET /healthz`. One body limit for both APIs (413, then the connection
 * closes), request / header / keep-alive time-outs. It knows nothing of the database or the
 * schema: the context, the health check and the router come from the application.
 *
 * @example
 * const app = createServer({
 *   router: appRouter,
 *   createContext: (req) => createContext({ db, tombstone }, req.headers.authorization),
 *   healthCheck: async () => { await sql`select 1`.execute(db); },
 *   openapi: { title: 'Blog API', version: '1.0.0' },
 * });
 * const running = await listen(app, { port: 3000 });
 */
export function createServer<TRouter extends AnyRouter>(options: ServerOptions<TRouter>): TombstoneServer {
  const onInternalError = options.onInternalError ?? logInternalError;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const trpcBase = (options.trpcPath ?? '/trpc').replace(/\/+$/, '');
  const restBase = (options.restPath ?? '/api').replace(/\/+$/, '');
  const createContext = (req: http.IncomingMessage) => options.createContext(req);
  const onFrameworkError = frameworkErrorHandler(trpcBase, bodyLimit, onInternalError);
  const fastify = Fastify({
    // A URL Fastify cannot route (bad percent-encoding…) answers in the API's error shape too.
    frameworkErrors: (error, request, reply) => onFrameworkError(error, request, reply),
    bodyLimit,
    serverFactory: httpServerFactory(timeoutsOf(options)),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2_000 },
    return503OnClosing: true,
  });
  fastify.setErrorHandler(onFrameworkError);
  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    void reply
      .status(404)
      .type('application/json')
      .send(
        JSON.stringify({
          error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${path}`, zodError: null },
        }),
      );
  });
  registerHealth(fastify, options.healthCheck, options.healthTimeout ?? 2_000);
  const api = { router: options.router, createContext, onInternalError };
  void fastify.register((scope, _opts, done) => {
    registerTrpc(scope, { ...api, basePath: trpcBase }).then(() => done(), done);
  });
  registerPages(fastify, {
    router: options.router,
    restBase,
    trpcBase,
    openapi: options.openapi === false ? false : (options.openapi ?? {}),
    docs: options.docs === false ? false : (options.docs ?? {}),
    landing: options.landing === false ? false : (options.landing ?? {}),
    hasHealth: options.healthCheck !== undefined,
  });
  void fastify.register((scope, _opts, done) => {
    registerRest(scope, { ...api, basePath: restBase }).then(() => done(), done);
  });
  return { fastify, server: fastify.server };
}
