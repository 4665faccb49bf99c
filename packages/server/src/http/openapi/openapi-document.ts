import type { AnyProcedure, AnyRouter } from '@trpc/server';
import { ID_SEGMENT, restRoutes } from '../rest/rest-routes.js';
import { errorSchema, zodErrorSchema } from './error-schemas.js';
import { type OperationObject, routeOperation } from './route-operation.js';

/** Options of {@link openApiDocument}. */
export interface OpenApiOptions {
  /** `info.title`. Default `"API"`. */
  title?: string;
  /** `info.version`. Default `"1.0.0"`. */
  version?: string;
  /** `info.description` (Markdown). */
  description?: string;
  /** Where the REST routes are mounted. Default `/api`. */
  basePath?: string;
  /** `servers`; default none (the document's own origin). */
  servers?: Array<{ url: string; description?: string }>;
}

/** An OpenAPI 3.1 document as a plain JSON object. */
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OperationObject>>;
  components: Record<string, unknown>;
  [key: string]: unknown;
};

/**
 * The OpenAPI 3.1 description of the REST routes of `router` (see `restRoutes`), generated from
 * the procedures' own Zod schemas with Zod 4's `z.toJSONSchema` (draft 2020-12, OpenAPI 3.1's
 * dialect): every route with its path and query parameters, JSON body, success status (201, 204)
 * and error statuses (400 with the Zod issues, 401, 403, 404, 409, 413, 415, 500, 503) sharing one
 * error schema, examples, and the optional bearer scheme. Nothing is written by hand per route,
 * so the document cannot drift from the API.
 *
 * @example
 * const doc = openApiDocument(appRouter, { title: 'Blog API', version: '1.0.0' });
 * doc.paths['/api/articles/{id}'].delete.responses['204']; // { description: 'Done; no content.' }
 */
export function openApiDocument(router: AnyRouter, options: OpenApiOptions = {}): OpenApiDocument {
  const base = (options.basePath ?? '/api').replace(/\/+$/, '');
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  const paths: OpenApiDocument['paths'] = {};
  for (const route of restRoutes(router)) {
    const path = `${base}/${route.segments.join('/')}`;
    const item = paths[path] ?? {};
    paths[path] = item;
    item[route.method.toLowerCase()] = routeOperation(route, procedures[route.procedure] as AnyProcedure);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'API',
      version: options.version ?? '1.0.0',
      ...(options.description ? { description: options.description } : {}),
    },
    ...(options.servers ? { servers: options.servers } : {}),
    // Anonymous calls are allowed where `authorize` allows them; a bearer token otherwise.
    security: [{}, { bearerAuth: [] }],
    paths: sortPaths(paths),
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <token>' },
      },
      schemas: { Error: errorSchema, ZodError: zodErrorSchema },
    },
  };
}

/** Paths in a stable order: by resource, literal segments before `{id}`. */
function sortPaths<T>(paths: Record<string, T>): Record<string, T> {
  const key = (p: string) => p.replaceAll(ID_SEGMENT, '~');
  return Object.fromEntries(
    Object.entries(paths).sort(([a], [b]) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)),
  );
}
