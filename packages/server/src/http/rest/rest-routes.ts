import type { AnyProcedure, AnyRouter } from '@trpc/server';
import type { SoftDeleteOperation } from '../../procedures/types.js';

/** The HTTP methods the REST endpoint answers. */
export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** How a route builds its procedure's input from the request. */
export type RestInputSource = 'query' | 'id' | 'body' | 'id+patch';

/** One REST route: a method and a path pattern, served by one procedure of the router. */
export interface RestRoute {
  method: RestMethod;
  /** Path segments under the base path; `{id}` matches one segment and becomes the `id` input. */
  segments: readonly string[];
  /** The procedure's dotted path in the router, e.g. `articles.delete`. */
  procedure: string;
  /** The generated operation this route serves (`list`, `delete`, `previewDelete`…), if any. */
  operation: RouteOperation | undefined;
  /** Where the input comes from: the query string, the `{id}` segment, the JSON body, or both. */
  input: RestInputSource;
  /** The status of a success: 200, 201 for a create, 204 (no body) for deletes. */
  status: 200 | 201 | 204;
}

/** The operations with a resource route: the factory's, plus `previewDelete` when a router has it. */
export type RouteOperation = SoftDeleteOperation | 'previewDelete';

/** The `{id}` placeholder of a route pattern. */
export const ID_SEGMENT = '{id}';

type Shape = Pick<RestRoute, 'method' | 'input' | 'status'> & { suffix: readonly string[] };

/**
 * The REST form of each procedure `softDeleteProcedures` generates, relative to its resource
 * (`/api/articles`, `/api/admin/articles`…): Django REST Framework's routes, plus the soft-delete
 * actions under `{id}/…` and the set-based ones under `bulk/…`.
 */
const SHAPES: Readonly<Record<RouteOperation, Shape>> = {
  list: { method: 'GET', suffix: [], input: 'query', status: 200 },
  get: { method: 'GET', suffix: [ID_SEGMENT], input: 'id', status: 200 },
  create: { method: 'POST', suffix: [], input: 'body', status: 201 },
  update: { method: 'PATCH', suffix: [ID_SEGMENT], input: 'id+patch', status: 200 },
  delete: { method: 'DELETE', suffix: [ID_SEGMENT], input: 'id', status: 204 },
  bulkDelete: { method: 'DELETE', suffix: ['bulk'], input: 'body', status: 200 },
  restore: { method: 'POST', suffix: [ID_SEGMENT, 'restore'], input: 'id', status: 200 },
  bulkRestore: { method: 'POST', suffix: ['bulk', 'restore'], input: 'body', status: 200 },
  hardDelete: { method: 'DELETE', suffix: [ID_SEGMENT, 'hard-delete'], input: 'id', status: 204 },
  previewDelete: { method: 'POST', suffix: ['bulk', 'preview'], input: 'body', status: 200 },
};

/** The procedures of a router by dotted path (subscriptions excluded). */
export function proceduresOf(router: AnyRouter): Array<[string, AnyProcedure]> {
  return Object.entries(router._def.procedures as Record<string, AnyProcedure>).filter(([, p]) => {
    const type = p._def?.type;
    return type === 'query' || type === 'mutation';
  });
}

/**
 * The REST routes of every procedure of `router`. A procedure named like a generated one gets its
 * resource route (`GET /articles/{id}`, `DELETE /articles/bulk`, …; `previewDelete` →
 * `POST /articles/bulk/preview`); any other query is `GET /<path>` with its input in the query
 * string, any other mutation `POST /<path>` with a JSON body (`health` → `GET /health`).
 *
 * @example
 * restRoutes(appRouter).find((r) => r.procedure === 'articles.delete');
 * // { method: 'DELETE', segments: ['articles', '{id}'], procedure: 'articles.delete', operation: 'delete', input: 'id', status: 204 }
 */
export function restRoutes(router: AnyRouter): RestRoute[] {
  const routes: RestRoute[] = [];
  for (const [path, procedure] of proceduresOf(router)) {
    const type = procedure._def.type;
    const parts = path.split('.');
    const name = parts.at(-1) as string;
    const shape = Object.hasOwn(SHAPES, name) ? SHAPES[name as RouteOperation] : undefined;
    const fits = shape && (name === 'previewDelete' || (shape.method === 'GET') === (type === 'query'));
    if (shape && fits) {
      const { suffix, ...rest } = shape;
      routes.push({
        ...rest,
        segments: [...parts.slice(0, -1), ...suffix],
        procedure: path,
        operation: name as RouteOperation,
      });
    } else {
      routes.push({
        method: type === 'query' ? 'GET' : 'POST',
        segments: parts,
        procedure: path,
        operation: undefined,
        input: type === 'query' ? 'query' : 'body',
        status: 200,
      });
    }
  }
  return routes;
}
