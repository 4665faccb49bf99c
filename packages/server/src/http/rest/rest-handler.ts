import type http from 'node:http';
import type { AnyRouter } from '@trpc/server';
import { DEFAULT_BODY_LIMIT } from '../limits.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { type RestAnswer, restEndpoint } from './rest-endpoint.js';
import { errorBody } from './rest-error.js';

/** Options of {@link createRestHandler}. */
export interface RestHandlerOptions<TContext> {
  /** The tRPC router whose procedures the REST routes call. */
  router: AnyRouter;
  /** The context of a request, as the tRPC handler would build it. */
  createContext(req: http.IncomingMessage): Promise<TContext> | TContext;
  /** Where the routes are mounted. Default `/api`. */
  basePath?: string;
  /** Largest JSON body accepted, in bytes (larger → 413 and the connection is closed). Default 1 MiB. */
  bodyLimit?: number;
  /** Called with every unexpected error, which the client sees only as a 500. Default: ignored. */
  onInternalError?: (error: unknown, path: string) => void;
}

/**
 * A plain Node `(req, res)` REST handler over a tRPC router, to mount in any server (see
 * `restRoutes` for the routes): it calls the same procedures as `/trpc`, so validation,
 * authorization, cascades and audit are those of the tRPC API. Successes answer the procedure's
 * output as JSON (201 for a create, 204 without a body for `DELETE`s); errors the status tRPC
 * maps the code to, with `{ error: { code, message, zodError } }`; an unknown path is 404, a known
 * path with another method 405 with `Allow`, a body over the limit 413 (then the connection is
 * closed). `createServer` serves the same endpoint through Fastify.
 *
 * @example
 * const rest = createRestHandler({ router: appRouter, createContext: (req) => contextOf(req) });
 * http.createServer((req, res) => (req.url?.startsWith('/api/') ? rest(req, res) : other(req, res)));
 * // DELETE /api/articles/1 → 204; DELETE /api/articles/bulk {"ids":[1,2]} → 200 BulkResult
 */
export function createRestHandler<TContext>(
  options: RestHandlerOptions<TContext>,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const endpoint = restEndpoint(
    options.router,
    options.basePath ?? '/api',
    options.onInternalError ?? (() => {}),
  );
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    let body: string | undefined;
    if (endpoint.wantsBody(method, url)) {
      try {
        body = await readBody(req, limit);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return send(res, {
          status: 413,
          headers: { connection: 'close' },
          body: errorBody('PAYLOAD_TOO_LARGE', error.message),
        });
      }
    }
    send(res, await endpoint.handle({ method, url, body }, () => options.createContext(req)));
  }

  return (req, res) => {
    handle(req, res).catch(() => res.destroy());
  };
}

function send(res: http.ServerResponse, answer: RestAnswer): void {
  if (answer.body === undefined) {
    res.writeHead(answer.status, answer.headers);
    res.end();
    return;
  }
  res.writeHead(answer.status, { ...answer.headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
}
