import { describe, expect, it } from 'vitest';
import { listInput } from '../../src/http/rest/rest-input.js';
import { matchRoute, restRoutes } from '../../src/http/rest/rest-routes.js';
import { appRouter } from '../../src/reference/routers/app-router.js';

const routes = restRoutes(appRouter);
const route = (procedure: string) => {
  const found = routes.find((r) => r.procedure === procedure);
  if (!found) throw new Error(`no route for ${procedure}`);
  return `${found.method} /${found.segments.join('/')} → ${found.status}`;
};

describe('restRoutes', () => {
  it("gives every generated procedure its resource route, DRF's statuses included", () => {
    expect(
      ['list', 'get', 'create', 'update', 'delete', 'bulkDelete', 'restore', 'bulkRestore', 'hardDelete'].map(
        (name) => route(`articles.${name}`),
      ),
    ).toEqual([
      'GET /articles → 200',
      'GET /articles/:id → 200',
      'POST /articles → 201',
      'PATCH /articles/:id → 200',
      'DELETE /articles/:id → 204',
      'POST /articles/bulk-delete → 200',
      'POST /articles/:id/restore → 200',
      'POST /articles/bulk-restore → 200',
      'DELETE /articles/:id/hard → 204',
    ]);
    expect(route('admin.comments.update')).toBe('PATCH /admin/comments/:id → 200');
    expect(route('admin.trash.list')).toBe('GET /admin/trash → 200');
    expect(route('health')).toBe('GET /health → 200');
  });

  it('matches literal segments before :id, and lists the methods a path allows', () => {
    expect(matchRoute(routes, 'POST', ['articles', 'bulk-delete'])).toMatchObject({
      route: { procedure: 'articles.bulkDelete' },
      id: undefined,
    });
    expect(matchRoute(routes, 'DELETE', ['articles', '7'])).toMatchObject({
      route: { procedure: 'articles.delete' },
      id: '7',
    });
    expect(matchRoute(routes, 'PUT', ['articles', '7'])).toEqual({
      route: undefined,
      id: undefined,
      allowed: ['GET', 'PATCH', 'DELETE'],
    });
    expect(matchRoute(routes, 'GET', ['nothing'])).toEqual({ route: undefined, id: undefined, allowed: [] });
  });
});

describe('listInput', () => {
  it('reads limit, cursor and deleted, and every other parameter as a filter (…Id as a number)', () => {
    expect(listInput(new URLSearchParams('limit=5&cursor=abc&deleted=only&title=x&authorId=3'))).toEqual({
      limit: 5,
      cursor: 'abc',
      deleted: 'only',
      filter: { title: 'x', authorId: 3 },
    });
    expect(listInput(new URLSearchParams(''))).toEqual({});
    // Not a number: left as text for the procedure's schema to refuse with BAD_REQUEST.
    expect(listInput(new URLSearchParams('limit=ten&authorId=x'))).toEqual({
      limit: 'ten',
      filter: { authorId: 'x' },
    });
  });
});
