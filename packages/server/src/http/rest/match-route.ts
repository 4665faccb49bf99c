import { ID_SEGMENT, type RestMethod, type RestRoute } from './rest-routes.js';

/** What {@link RouteMatcher} answers for a request. */
export interface RouteMatch {
  /** The route of the request's method, if any. */
  route: RestRoute | undefined;
  /** The `{id}` segment of that route. */
  id: string | undefined;
  /** The methods the path answers at all (for `405` and its `Allow` header). */
  allowed: RestMethod[];
}

/** Finds the route of a method and path; literal segments win over `{id}`. */
export type RouteMatcher = (method: string, segments: readonly string[]) => RouteMatch;

/**
 * A matcher over `routes`, indexed by segment count and first segment so that a request looks
 * at a handful of candidates, not at every route.
 *
 * @example
 * const match = routeMatcher(restRoutes(router));
 * match('DELETE', ['articles', '7']); // { route: articles.delete, id: '7', allowed: ['GET', 'PATCH', 'DELETE'] }
 */
export function routeMatcher(routes: readonly RestRoute[]): RouteMatcher {
  const index = new Map<string, RestRoute[]>();
  for (const route of routes) {
    const key = `${route.segments.length}/${route.segments[0] ?? ''}`;
    index.set(key, [...(index.get(key) ?? []), route]);
  }
  return (method, segments) =>
    matchRoute(index.get(`${segments.length}/${segments[0] ?? ''}`) ?? [], method, segments);
}

/** The route of `method` whose pattern matches `segments`, and the methods matching the path at all. */
export function matchRoute(
  routes: readonly RestRoute[],
  method: string,
  segments: readonly string[],
): RouteMatch {
  const allowed: RestMethod[] = [];
  let found: { route: RestRoute; id: string | undefined } | undefined;
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    let id: string | undefined;
    let matches = true;
    for (let i = 0; i < segments.length; i++) {
      const pattern = route.segments[i];
      if (pattern === ID_SEGMENT) id = segments[i];
      else if (pattern !== segments[i]) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    if (!allowed.includes(route.method)) allowed.push(route.method);
    // A literal segment wins over `{id}` (`DELETE /articles/bulk` is not `DELETE /articles/{id}`).
    if (route.method === method && (!found || (found.id !== undefined && id === undefined))) {
      found = { route, id };
    }
  }
  return { route: found?.route, id: found?.id, allowed };
}
