import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeContract, tokenOf } from '../helpers/contract-server.js';
import { deletedState, liveIds, snapshot } from '../helpers/db-state.js';
import { OpenApiChecker, type SeenAnswer } from '../helpers/openapi-check.js';

/** Every answer of this file, checked against /api/openapi.json by the last test. */
const seen: SeenAnswer[] = [];

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON of any shape, asserted field by field.
  body: any;
}

/** One request to the REST endpoint, as a client without the SDK sends it. */
async function rest(
  url: string,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.raw !== undefined) headers['content-type'] = 'application/json';
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${url}/api${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const answer = {
    status: response.status,
    headers: response.headers,
    text,
    body: text === '' ? undefined : JSON.parse(text),
  };
  seen.push({ method, path: `/api${path}`, status: answer.status, body: answer.body });
  return answer;
}

describeContract('REST endpoint /api', (ctx) => {
  const alice = tokenOf('alice');
  const bob = tokenOf('bob');
  const admin = tokenOf('admin');

  it('GET /api/articles lists live rows with the list parameters and filters in the query string', async () => {
    const all = await rest(ctx.url, 'GET', '/articles');
    expect(all.status).toBe(200);
    expect(all.body.items.map((a: { id: number }) => a.id)).toEqual(await liveIds(ctx.db, 'article'));

    const page = await rest(ctx.url, 'GET', `/articles?limit=1&authorId=${ctx.demo.authors.bob}`);
    expect(page.body.items.map((a: { id: number }) => a.id)).toEqual([ctx.demo.articles.bob[0]]);
    const next = await rest(
      ctx.url,
      'GET',
      `/articles?limit=1&authorId=${ctx.demo.authors.bob}&cursor=${encodeURIComponent(page.body.nextCursor)}`,
    );
    expect(next.body.items.map((a: { id: number }) => a.id)).toEqual(ctx.demo.articles.bob.slice(1, 2));

    const byTitle = await rest(ctx.url, 'GET', '/articles?title=SOFT%20DELETE');
    expect(byTitle.body.items.map((a: { title: string }) => a.title)).toEqual(['Soft delete done right']);
  });

  it('GET /api/articles/:id answers the row, 404 for an absent or deleted one, 400 for a bad id', async () => {
    const id = ctx.demo.articles.alice[0] as number;
    const found = await rest(ctx.url, 'GET', `/articles/${id}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id, authorId: ctx.demo.authors.alice, isDeleted: false });

    const missing = await rest(ctx.url, 'GET', '/articles/999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'No article with id 999999.', zodError: null },
    });

    const bad = await rest(ctx.url, 'GET', '/articles/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.zodError.fieldErrors).toHaveProperty('id');
    expect(bad.body.error.message).toContain('id');
  });

  it('POST /api/articles creates as the caller: 201; strict input; 401 without a token', async () => {
    const before = await snapshot(ctx.db);
    const anonymous = await rest(ctx.url, 'POST', '/articles', {
      body: { title: 't', slug: 'rest-1', content: 'c' },
    });
    expect(anonymous.status).toBe(401);
    const massAssignment = await rest(ctx.url, 'POST', '/articles', {
      token: alice,
      body: { title: 't', slug: 'rest-1', content: 'c', authorId: ctx.demo.authors.bob },
    });
    expect(massAssignment.status).toBe(400);
    expect(massAssignment.body.error.zodError.issues[0]).toMatchObject({ code: 'unrecognized_keys' });
    const notJson = await rest(ctx.url, 'POST', '/articles', { token: alice, raw: '{"title":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatchObject({ code: 'BAD_REQUEST', message: 'The body is not valid JSON.' });
    expect(await snapshot(ctx.db)).toEqual(before);

    const created = await rest(ctx.url, 'POST', '/articles', {
      token: alice,
      body: { title: 'Over REST', slug: 'over-rest', content: 'c' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Over REST',
      authorId: ctx.demo.authors.alice,
      isDeleted: false,
    });
    const row = await ctx.db
      .selectFrom('article')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirst();
    expect(row).toMatchObject({ slug: 'over-rest', author_id: ctx.demo.authors.alice });
  });

  it('PATCH /api/articles/:id updates for the owner, 403 for another user with nothing changed', async () => {
    const id = ctx.demo.articles.alice[0] as number;
    const before = await snapshot(ctx.db);
    const denied = await rest(ctx.url, 'PATCH', `/articles/${id}`, {
      token: bob,
      body: { title: 'bob was here' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    expect(await snapshot(ctx.db)).toEqual(before);

    const updated = await rest(ctx.url, 'PATCH', `/articles/${id}`, {
      token: alice,
      body: { title: 'Renamed' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, title: 'Renamed' });
    const row = await ctx.db
      .selectFrom('article')
      .select('title')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('Renamed');
  });

  it('DELETE /api/articles/:id soft-deletes with its comments: 204 and no body; again 204; unknown 404', async () => {
    const id = ctx.demo.articles.alice[0] as number;
    const comments = ctx.demo.commentsOf[id] ?? [];
    expect(comments.length).toBeGreaterThan(0);
    const other = ctx.demo.articles.alice[1] as number;

    const deleted = await rest(ctx.url, 'DELETE', `/articles/${id}`, { token: alice });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await deletedState(ctx.db, 'article', id)).toBe(true);
    for (const comment of comments) expect(await deletedState(ctx.db, 'comment', comment)).toBe(true);
    expect(await deletedState(ctx.db, 'article', other)).toBe(false);

    const before = await snapshot(ctx.db);
    expect((await rest(ctx.url, 'DELETE', `/articles/${id}`, { token: alice })).status).toBe(204);
    expect(await snapshot(ctx.db)).toEqual(before);
    const unknown = await rest(ctx.url, 'DELETE', '/articles/999999', { token: alice });
    expect(unknown.status).toBe(404);
    expect(await snapshot(ctx.db)).toEqual(before);
  });

  it('DELETE /api/articles/bulk reports partial success and deletes only what it may', async () => {
    const own = ctx.demo.articles.alice[0] as number;
    const bobs = ctx.demo.articles.bob[0] as number;
    const answer = await rest(ctx.url, 'DELETE', '/articles/bulk/', {
      token: alice,
      body: { ids: [own, bobs, 999999] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.success).toEqual({ count: 1, details: [own] });
    expect(answer.body.errors.details.map((e: { id: number; code: string }) => [e.id, e.code])).toEqual([
      [bobs, 'FORBIDDEN'],
      [999999, 'NOT_FOUND'],
    ]);
    expect(await deletedState(ctx.db, 'article', own)).toBe(true);
    expect(await deletedState(ctx.db, 'article', bobs)).toBe(false);
  });

  it('restore, hard delete and admin views are staff-only, over REST too', async () => {
    const id = ctx.demo.articles.alice[0] as number;
    await rest(ctx.url, 'DELETE', `/articles/${id}`, { token: alice });

    const before = await snapshot(ctx.db);
    expect((await rest(ctx.url, 'POST', `/articles/${id}/restore`, { token: alice })).status).toBe(403);
    expect((await rest(ctx.url, 'DELETE', `/articles/${id}/hard-delete`, { token: alice })).status).toBe(403);
    expect((await rest(ctx.url, 'GET', '/admin/articles?deleted=only')).status).toBe(401);
    expect(await snapshot(ctx.db)).toEqual(before);

    const trashed = await rest(ctx.url, 'GET', '/admin/articles?deleted=only', { token: admin });
    expect(trashed.body.items.map((a: { id: number }) => a.id)).toEqual([id]);
    const trash = await rest(ctx.url, 'GET', '/admin/trash', { token: admin });
    expect(trash.status).toBe(200);
    expect(trash.body.items.length).toBeGreaterThan(0);

    const restored = await rest(ctx.url, 'POST', `/articles/${id}/restore`, { token: admin });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id, isDeleted: false });
    for (const comment of ctx.demo.commentsOf[id] ?? []) {
      expect(await deletedState(ctx.db, 'comment', comment)).toBe(false);
    }

    const hard = await rest(ctx.url, 'DELETE', `/articles/${id}/hard-delete`, { token: admin });
    expect(hard.status).toBe(204);
    expect(await deletedState(ctx.db, 'article', id)).toBeUndefined();
    expect((await rest(ctx.url, 'DELETE', `/articles/${id}/hard-delete`, { token: admin })).status).toBe(404);
  });

  it('answers any JSON body, id segment or query string with 2xx or 4xx, never 5xx', async () => {
    const target = ctx.demo.articles.bob[0] as number;
    const requests = fc.oneof(
      fc.record({
        method: fc.constantFrom('POST', 'PATCH', 'DELETE'),
        path: fc.constantFrom('/articles', `/articles/${target}`, '/articles/bulk', '/comments/bulk/restore'),
        body: fc.jsonValue(),
      }),
      fc.record({
        method: fc.constantFrom('GET', 'DELETE'),
        path: fc.oneof(
          fc.string().map((s) => `/articles/${encodeURIComponent(s)}`),
          fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}|[a-z0-9])*$/).map((s) => `/articles/${s}`),
          fc
            .dictionary(fc.string({ minLength: 1 }), fc.string())
            .map((q) => `/articles?${new URLSearchParams(q)}`),
        ),
        body: fc.constant(undefined),
      }),
    );
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, path, body }) => {
        // bob, who may touch nothing of alice's: whatever he sends, no server error.
        const answer = await rest(ctx.url, method, path, { token: bob, body });
        expect(answer.status, `${method} ${path} ${JSON.stringify(body)}: ${answer.text}`).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('an unknown path is 404, a known path with another method 405 with Allow', async () => {
    const unknown = await rest(ctx.url, 'GET', '/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const wrongMethod = await rest(ctx.url, 'PUT', `/articles/${ctx.demo.articles.alice[0]}`, { body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, PATCH, DELETE');
    expect((await rest(ctx.url, 'GET', '/health')).body).toEqual({ ok: true });
    const malformed = await rest(ctx.url, 'GET', '/articles/%E0%A4%A');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('BAD_REQUEST');
  });

  it('every answer above is described by /api/openapi.json: status listed, body matching its schema', async () => {
    const checker = await OpenApiChecker.load(ctx.url);
    const problems: string[] = [];
    let checked = 0;
    for (const answer of seen.splice(0)) {
      const found = checker.problems(answer);
      if (found === undefined) {
        // No such operation: only an unknown path (404) or another method (405) may answer that.
        if (answer.status !== 404 && answer.status !== 405)
          problems.push(`${answer.method} ${answer.path}: undocumented`);
        continue;
      }
      checked++;
      problems.push(...found);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});
