import { type AnyProcedure, initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { procedureJsonSchema } from '../../src/http/procedure-schema.js';
import { matchRoute, routeMatcher } from '../../src/http/rest/match-route.js';
import { queryReader } from '../../src/http/rest/query-input.js';
import { restRoutes } from '../../src/http/rest/rest-routes.js';
import { appRouter } from '../../src/reference/routers/app-router.js';

const routes = restRoutes(appRouter);
const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
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
      'GET /articles/{id} → 200',
      'POST /articles → 201',
      'PATCH /articles/{id} → 200',
      'DELETE /articles/{id} → 204',
      'DELETE /articles/bulk → 200',
      'POST /articles/{id}/restore → 200',
      'POST /articles/bulk/restore → 200',
      'DELETE /articles/{id}/hard-delete → 204',
    ]);
    expect(route('admin.comments.update')).toBe('PATCH /admin/comments/{id} → 200');
    expect(route('admin.trash.list')).toBe('GET /admin/trash → 200');
    expect(route('health')).toBe('GET /health → 200');
  });

  it('routes a previewDelete procedure, query or mutation, to POST /<resource>/bulk/preview', () => {
    const t = initTRPC.create();
    const ids = z.strictObject({ ids: z.array(z.number()) });
    const router = t.router({
      articles: t.router({ previewDelete: t.procedure.input(ids).query(() => ({ rows: 0 })) }),
      comments: t.router({ previewDelete: t.procedure.input(ids).mutation(() => ({ rows: 0 })) }),
    });
    expect(restRoutes(router).map((r) => `${r.method} /${r.segments.join('/')}`)).toEqual([
      'POST /articles/bulk/preview',
      'POST /comments/bulk/preview',
    ]);
  });

  it('matches literal segments before {id}, and lists the methods a path allows', () => {
    const match = routeMatcher(routes);
    expect(match('DELETE', ['articles', 'bulk'])).toMatchObject({
      route: { procedure: 'articles.bulkDelete' },
      id: undefined,
    });
    expect(match('POST', ['articles', 'bulk', 'restore'])).toMatchObject({
      route: { procedure: 'articles.bulkRestore' },
    });
    expect(match('DELETE', ['articles', '7'])).toMatchObject({
      route: { procedure: 'articles.delete' },
      id: '7',
    });
    expect(match('PUT', ['articles', '7'])).toEqual({
      route: undefined,
      id: undefined,
      allowed: ['GET', 'PATCH', 'DELETE'],
    });
    expect(match('GET', ['nothing'])).toEqual({ route: undefined, id: undefined, allowed: [] });
    expect(matchRoute(routes, 'GET', ['nothing'])).toEqual(match('GET', ['nothing']));
  });
});

describe('queryReader', () => {
  const list = queryReader(procedureJsonSchema(procedures['admin.articles.list'] as AnyProcedure, 'input'));

  it('reads limit, cursor and deleted, and the filter keys, numbers where the schema says so', () => {
    expect(list(new URLSearchParams('limit=5&cursor=abc&deleted=only&title=x&authorId=3'))).toEqual({
      limit: 5,
      cursor: 'abc',
      deleted: 'only',
      filter: { title: 'x', authorId: 3 },
    });
    expect(list(new URLSearchParams(''))).toBeUndefined();
    // Not a number: left as text for the procedure's schema to refuse with BAD_REQUEST.
    expect(list(new URLSearchParams('limit=ten&authorId=x&nope=1'))).toEqual({
      limit: 'ten',
      filter: { authorId: 'x', nope: '1' },
    });
  });

  it('reads any query procedure with an object input from flat parameters', () => {
    const trash = queryReader(procedureJsonSchema(procedures['admin.trash.list'] as AnyProcedure, 'input'));
    expect(trash(new URLSearchParams('limit=2&table=article'))).toEqual({ limit: 2, table: 'article' });
  });
});
