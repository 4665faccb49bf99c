import type { AnyRouter } from '@trpc/server';
import type { SoftDeleteOperation } from '../../procedures/types.js';

/** The HTTP methods the REST endpoint answers. */
export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One REST route: a method and a path pattern, served by one procedure of the router. */
export interface RestRoute {
  method: RestMethod;
  /** Path segments under the base path; `:id` matches one segment and becomes the `id` input. */
  segments: readonly string[];
  /** The procedure's dotted path in the router, e.g. `articles.delete`. */
  procedure: string;
  /** How the procedure's input is made from the request. */
  input: 'query' | 'json-query' | 'id' | 'body' | 'id+patch';
  /** The status of a success: 200, 201 for a create, 204 (no body) for deletes. */
  status: 200 | 201 | 204;
}

type Shape = Pick<RestRoute, 'method' | 'input' | 'status'> & { suffix: readonly string[] };

/**
 * The REST form of each procedure `softDeleteProcedures` generates, relative to its resource
 * (`/api/articles`, `/api/admin/articles`…): Django REST Framework's routes, plus the soft-delete
 * actions (`restore`, `hard`, `bulk-delete`, `bulk-restore`).
 */
const SHAPES: Readonly<Record<SoftDeleteOperation, Shape>> = {
  list: { method: 'GET', suffix: [], input: 'query', status: 200 },
  get: { method: 'GET', suffix: [':id'], input: 'id', status: 200 },
  create: { method: 'POST', suffix: [], input: 'body', status: 201 },
  update: { method: 'PATCH', suffix: [':id'], input: 'id+patch', status: 200 },
  delete: { method: 'DELETE', suffix: [':id'], input: 'id', status: 204 },
  bulkDelete: { method: 'POST', suffix: ['bulk-delete'], input: 'body', status: 200 },
  restore: { method: 'POST', suffix: [':id', 'restore'], input: 'id', status: 200 },
  bulkRestore: { method: 'POST', suffix: ['bulk-restore'], input: 'body', status: 200 },
  hardDelete: { method: 'DELETE', suffix: [':id', 'hard'], input: 'id', status: 204 },
};

/**
 * The REST routes of every procedure of `router`. A procedure named like a generated one
 * (`list`, `get`, `create`, `update`, `delete`, `bulkDelete`, `restore`, `bulkRestore`,
 * `hardDelete`) gets its resource route (`GET /articles/:id`, `DELETE /articles/:id` …); any
 * other query is `GET /<path>` with its input as JSON in `?input=`, any other mutation
 * `POST /<path>` with a JSON body (`health` → `GET /health`).
 *
 * @example
 * restRoutes(appRouter).find((r) => r.procedure === 'articles.delete');
 * // { method: 'DELETE', segments: ['articles', ':id'], procedure: 'articles.delete', input: 'id', status: 204 }
 */
export function restRoutes(router: AnyRouter): RestRoute[] {
  const routes: RestRoute[] = [];
  for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, unknown>)) {
    const type = (procedure as { _def?: { type?: string } })._def?.type;
    if (type !== 'query' && type !== 'mutation') continue;
    const parts = path.split('.');
    const name = parts.at(-1) as string;
    const shape = Object.hasOwn(SHAPES, name) ? SHAPES[name as SoftDeleteOperation] : undefined;
    if (shape && (shape.method === 'GET') === (type === 'query')) {
      const { suffix, ...rest } = shape;
      routes.push({ ...rest, segments: [...parts.slice(0, -1), ...suffix], procedure: path });
    } else {
      routes.push({
        method: type === 'query' ? 'GET' : 'POST',
        segments: parts,
        procedure: path,
        input: type === 'query' ? 'json-query' : 'body',
        status: 200,
      });
    }
  }
  return routes;
}

/** The route of `method` whose pattern matches `segments`, and the routes matching the path at all. */
export function matchRoute(
  routes: readonly RestRoute[],
  method: string,
  segments: readonly string[],
): { route: RestRoute | undefined; id: string | undefined; allowed: RestMethod[] } {
  const allowed: RestMethod[] = [];
  let found: { route: RestRoute; id: string | undefined } | undefined;
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    let id: string | undefined;
    const matches = route.segments.every((pattern, i) => {
      if (pattern !== ':id') return pattern === segments[i];
      id = segments[i];
      return true;
    });
    if (!matches) continue;
    allowed.push(route.method);
    // A literal segment wins over `:id` (`POST /articles/bulk-delete` is not `POST /articles/:id`).
    if (route.method === method && (!found || (found.id !== undefined && id === undefined))) {
      found = { route, id };
    }
  }
  return { route: found?.route, id: found?.id, allowed: [...new Set(allowed)] };
}
