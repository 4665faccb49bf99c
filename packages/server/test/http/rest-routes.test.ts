import { type AnyProcedure, initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { procedureJsonSchema } from '../../src/http/procedure-schema.js';
import { matchRoute, routeMatcher } from '../../src/http/rest/match-route.js';
import { queryReader } from '../../src/http/rest/query-input.js';
import { restRoutes } from '../../src/http/rest/rest-routes.js';
import { trackerRouter } from '../fixtures/tracker-router.js';

const routes = restRoutes(trackerRouter);
const procedures = trackerRouter._def.procedures as unknown as Record<string, AnyProcedure>;
const route = (procedure: string) => {
  const found = routes.find((r) => r.procedure === procedure);
  if (!found) throw new Error(`no route for ${procedure}`);
  return `${found.method} /${found.segments.join('/')} → ${found.status}`;
};

describe('restRoutes', () => {
  it("gives every generated procedure its resource route, DRF's statuses included", () => {
    expect(
      ['list', 'get', 'create', 'update', 'delete', 'bulkDelete', 'restore', 'bulkRestore', 'hardDelete'].map(
        (name) => route(`projects.${name}`),
      ),
    ).toEqual([
      'GET /projects → 200',
      'GET /projects/{id} → 200',
      'POST /projects → 201',
      'PATCH /projects/{id} → 200',
      'DELETE /projects/{id} → 204',
      'DELETE /projects/bulk → 200',
      'POST /projects/{id}/restore → 200',
      'POST /projects/bulk/restore → 200',
      'DELETE /projects/{id}/hard-delete → 204',
    ]);
    expect(route('admin.tasks.update')).toBe('PATCH /admin/tasks/{id} → 200');
    expect(route('admin.trash.list')).toBe('GET /admin/trash → 200');
    expect(route('health')).toBe('GET /health → 200');
  });

  it('routes a previewDelete procedure, query or mutation, to POST /<resource>/bulk/preview', () => {
    const t = initTRPC.create();
    const ids = z.strictObject({ ids: z.array(z.number()) });
    const router = t.router({
      projects: t.router({ previewDelete: t.procedure.input(ids).query(() => ({ rows: 0 })) }),
      tasks: t.router({ previewDelete: t.procedure.input(ids).mutation(() => ({ rows: 0 })) }),
    });
    expect(restRoutes(router).map((r) => `${r.method} /${r.segments.join('/')}`)).toEqual([
      'POST /projects/bulk/preview',
      'POST /tasks/bulk/preview',
    ]);
  });

  it('matches literal segments before {id}, and lists the methods a path allows', () => {
    const match = routeMatcher(routes);
    expect(match('DELETE', ['projects', 'bulk'])).toMatchObject({
      route: { procedure: 'projects.bulkDelete' },
      id: undefined,
    });
    expect(match('POST', ['projects', 'bulk', 'restore'])).toMatchObject({
      route: { procedure: 'projects.bulkRestore' },
    });
    expect(match('DELETE', ['projects', '7'])).toMatchObject({
      route: { procedure: 'projects.delete' },
      id: '7',
    });
    expect(match('PUT', ['projects', '7'])).toEqual({
      route: undefined,
      id: undefined,
      allowed: ['GET', 'PATCH', 'DELETE'],
    });
    expect(match('GET', ['nothing'])).toEqual({ route: undefined, id: undefined, allowed: [] });
    expect(matchRoute(routes, 'GET', ['nothing'])).toEqual(match('GET', ['nothing']));
  });
});

describe('queryReader', () => {
  const list = queryReader(procedureJsonSchema(procedures['admin.projects.list'] as AnyProcedure, 'input'));

  it('reads limit, cursor and deleted, and the filter keys, numbers where the schema says so', () => {
    expect(list(new URLSearchParams('limit=5&cursor=abc&deleted=only&name=x&teamId=3'))).toEqual({
      limit: 5,
      cursor: 'abc',
      deleted: 'only',
      filter: { name: 'x', teamId: 3 },
    });
    expect(list(new URLSearchParams(''))).toBeUndefined();
    // Not a number: left as text for the procedure's schema to refuse with BAD_REQUEST.
    expect(list(new URLSearchParams('limit=ten&teamId=x&nope=1'))).toEqual({
      limit: 'ten',
      filter: { teamId: 'x', nope: '1' },
    });
  });

  it('reads any query procedure with an object input from flat parameters', () => {
    const trash = queryReader(procedureJsonSchema(procedures['admin.trash.list'] as AnyProcedure, 'input'));
    expect(trash(new URLSearchParams('limit=2&table=project'))).toEqual({ limit: 2, table: 'project' });
  });
});
