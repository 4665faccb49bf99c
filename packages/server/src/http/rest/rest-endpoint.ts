import type { AnyProcedure, AnyRouter } from '@trpc/server';
import { procedureJsonSchema } from '../procedure-schema.js';
import { routeMatcher } from './match-route.js';
import { queryReader } from './query-input.js';
import { errorBody, type RestErrorBody, restErrorAnswer } from './rest-error.js';
import { inputOf, parseJsonBody, segmentsOf } from './rest-input.js';
import { type RestRoute, restRoutes } from './rest-routes.js';

/** A framework-neutral REST request: method, URL path and query, raw body text, and its context. */
export interface RestRequest {
  method: string;
  /** The path and query string, e.g. `/api/articles?limit=2`. */
  url: string;
  /** The body as text (`undefined`: none was read, e.g. for a GET). */
  body: string | undefined;
}

/** What to answer: a status, headers and a JSON body (`undefined` for 204). */
export interface RestAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** The REST side of a router, independent of the HTTP server that carries it. */
export interface RestEndpoint {
  readonly routes: readonly RestRoute[];
  /** Whether a request to `method` + `url` would read a body (so the carrier reads it first). */
  wantsBody(method: string, url: string): boolean;
  /** Answers one request; never throws (unexpected errors are a masked 500 and go to `onInternalError`). */
  handle(request: RestRequest, context: () => unknown): Promise<RestAnswer>;
}

interface CompiledRoute {
  route: RestRoute;
  procedure: AnyProcedure;
  readQuery: ReturnType<typeof queryReader>;
}

/**
 * The REST endpoint over `router` mounted at `basePath`: route matching (404, 405 with `Allow`),
 * input from path, query and JSON body, a direct call of the procedure (the same validation,
 * authorization, cascades and audit as `/trpc`), statuses and error bodies. Carried by
 * `createRestHandler` (plain Node) and `createServer` (Fastify).
 */
export function restEndpoint(
  router: AnyRouter,
  basePath: string,
  onInternalError: (error: unknown, path: string) => void,
): RestEndpoint {
  const base = basePath.replace(/\/+$/, '');
  const routes = restRoutes(router);
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  const compiled = new Map<RestRoute, CompiledRoute>();
  for (const route of routes) {
    const procedure = procedures[route.procedure] as AnyProcedure;
    const readQuery = queryReader(route.input === 'query' ? procedureJsonSchema(procedure, 'input') : null);
    compiled.set(route, { route, procedure, readQuery });
  }
  const match = routeMatcher(routes);
  /** `GET <base>`: the routes, so that the base path answers something a person can read. */
  const index: RestAnswer = {
    status: 200,
    body: {
      openapi: `${base}/openapi.json`,
      routes: routes.map((r) => ({
        method: r.method,
        path: `${base}/${r.segments.join('/')}`,
        procedure: r.procedure,
      })),
    },
  };

  function split(url: string): { pathname: string; query: string } {
    const q = url.indexOf('?');
    return q === -1 ? { pathname: url, query: '' } : { pathname: url.slice(0, q), query: url.slice(q + 1) };
  }

  return {
    routes,
    wantsBody(method, url) {
      try {
        const { route } = match(method, segmentsOf(split(url).pathname, base));
        return route !== undefined && (route.input === 'body' || route.input === 'id+patch');
      } catch {
        return false;
      }
    },
    async handle(request, context) {
      const { pathname, query } = split(request.url);
      try {
        const segments = segmentsOf(pathname, base);
        if (segments.length === 0 && request.method === 'GET') return index;
        const found = match(request.method, segments);
        if (!found.route) return notRouted(request.method, pathname, found.allowed);
        const { route, procedure, readQuery } = compiled.get(found.route) as CompiledRoute;
        const takesBody = route.input === 'body' || route.input === 'id+patch';
        const body = takesBody && request.body !== undefined ? parseJsonBody(request.body) : undefined;
        const input = inputOf(route, readQuery, found.id, query, body);
        const output = await procedure({
          path: route.procedure,
          getRawInput: async () => input,
          ctx: await context(),
          type: procedure._def.type,
          signal: undefined,
          batchIndex: 0,
        });
        return { status: route.status, body: route.status === 204 ? undefined : (output ?? null) };
      } catch (error) {
        const answer = restErrorAnswer(error);
        if (answer.internal !== undefined) onInternalError(answer.internal, pathname);
        return { status: answer.status, body: answer.body };
      }
    },
  };
}

function notRouted(method: string, pathname: string, allowed: readonly string[]): RestAnswer {
  if (allowed.length === 0) {
    return { status: 404, body: errorBody('NOT_FOUND', `No route for ${method} ${pathname}`) };
  }
  const body: RestErrorBody = errorBody(
    'METHOD_NOT_SUPPORTED',
    `${method} is not allowed here; use ${allowed.join(', ')}.`,
  );
  return { status: 405, headers: { allow: allowed.join(', ') }, body };
}
