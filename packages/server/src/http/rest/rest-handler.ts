import type http from 'node:http';
import type { ZodErrorData } from '@tombstone/shared';
import { type AnyRouter, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { zodErrorData } from '../../procedures/error-formatter.js';
import { sendJson } from '../json-response.js';
import { inputOf, RestInputError } from './rest-input.js';
import { matchRoute, type RestRoute, restRoutes } from './rest-routes.js';

/** Options of {@link createRestHandler}. */
export interface RestHandlerOptions<TContext> {
  /** The tRPC router whose procedures the REST routes call (through a server-side caller). */
  router: AnyRouter;
  /** The context of a request, as the tRPC handler would build it. */
  createContext(req: http.IncomingMessage): Promise<TContext> | TContext;
  /** Where the routes are mounted. Default `/api`. */
  basePath?: string;
  /** Largest JSON body accepted, in bytes (larger → 413). Default 2 MiB. */
  maxBodyBytes?: number;
  /** Called with every unexpected error, which the client sees only as a 500. Default: ignored. */
  onInternalError?: (error: unknown, path: string) => void;
}

/** A REST error body: the tRPC code, a message and, for bad input, the Zod issues. */
export interface RestErrorBody {
  error: { code: string; message: string; zodError: ZodErrorData | null };
}

const DEFAULT_MAX_BODY = 2 * 1024 * 1024;

/**
 * A plain REST endpoint over a tRPC router (see {@link restRoutes} for the routes): it calls the
 * same procedures as `/trpc`, so validation, authorization, cascades and audit are the ones of
 * the tRPC API. Successes answer the procedure's output as JSON (201 for a create, 204 without a
 * body for `DELETE`s, as Django REST Framework does); errors answer the status tRPC maps the code
 * to, with `{ error: { code, message, zodError } }`; an unknown path is 404, a known path with
 * another method 405 with an `Allow` header. Unexpected errors are masked ("Internal server
 * error", 500).
 *
 * @example
 * const rest = createRestHandler({ router: appRouter, createContext: (req) => createContext({ db, tombstone }, req.headers.authorization) });
 * http.createServer((req, res) => (req.url?.startsWith('/api') ? rest(req, res) : trpc(req, res)));
 * // DELETE /api/articles/1 → 204; POST /api/articles/bulk-delete {"ids":[1,2]} → 200 BulkResult
 */
export function createRestHandler<TContext>(
  options: RestHandlerOptions<TContext>,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const base = (options.basePath ?? '/api').replace(/\/+$/, '');
  const routes = restRoutes(options.router);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname
      .slice(base.length)
      .split('/')
      .filter((s) => s !== '')
      .map(decodeSegment);
    const { route, id, allowed } = matchRoute(routes, req.method ?? 'GET', segments);
    if (!route) {
      if (allowed.length > 0) {
        res.setHeader('allow', allowed.join(', '));
        return sendError(
          res,
          405,
          'METHOD_NOT_SUPPORTED',
          `${req.method} is not allowed here; use ${allowed.join(', ')}.`,
        );
      }
      return sendError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${url.pathname}`);
    }
    const body =
      route.input === 'body' || route.input === 'id+patch' ? await readJson(req, maxBody) : undefined;
    const input = inputOf(route, id, url.searchParams, body);
    const output = await call(options.router, route, await options.createContext(req), input);
    if (route.status === 204) {
      res.writeHead(204);
      res.end();
      return;
    }
    sendJson(res, route.status, output ?? null);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLarge) return sendError(res, 413, 'PAYLOAD_TOO_LARGE', error.message);
      if (error instanceof RestInputError) return sendError(res, 400, 'BAD_REQUEST', error.message);
      if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
        const zodError = zodErrorData(error);
        // tRPC's message for bad input is the issues as JSON; they are in `zodError` already.
        const message = zodError ? z.prettifyError(error.cause as z.ZodError) : error.message;
        return sendError(res, getHTTPStatusCodeFromError(error), error.code, message, zodError);
      }
      options.onInternalError?.(error instanceof TRPCError ? (error.cause ?? error) : error, req.url ?? '');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    });
  };
}

async function call(router: AnyRouter, route: RestRoute, ctx: unknown, input: unknown): Promise<unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: the caller is walked by the route's dotted path.
  let target: any = router.createCaller(ctx as never);
  for (const key of route.procedure.split('.')) target = target[key];
  return target(input);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RestInputError(`The path segment "${segment}" is not valid percent-encoding.`);
  }
}

class BodyTooLarge extends Error {}

async function readJson(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLarge(`The body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new RestInputError('The body is not valid JSON.');
  }
}

function sendError(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  zodError: ZodErrorData | null = null,
): void {
  const body: RestErrorBody = { error: { code, message, zodError } };
  sendJson(res, status, body);
}
