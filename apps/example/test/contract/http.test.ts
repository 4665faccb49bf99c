import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeContract, tokenOf } from '../helpers/contract-server.js';
import { snapshot } from '../helpers/db-state.js';
import { callRaw, hasStackTrace } from '../helpers/raw-http.js';

interface ErrorBody {
  error: { message: string; code: number; data: { code: string; httpStatus: number; zodError?: unknown } };
}

describeContract('plain HTTP', (ctx) => {
  const alice = tokenOf('alice');
  const bob = tokenOf('bob');
  const admin = tokenOf('admin');

  it('GET /healthz → 200 {"ok":true}', async () => {
    const response = await fetch(`${ctx.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('tokens are stored hashed (SHA-256), never in clear', async () => {
    const rows = await ctx.db.selectFrom('api_token').select('token_hash').execute();
    const stored = rows.map((r) => r.token_hash).sort();
    const expected = ['alice', 'bob', 'admin'].map((name) =>
      createHash('sha256')
        .update(tokenOf(name as 'alice') as string)
        .digest('hex'),
    );
    expect(stored).toEqual(expected.sort());
    expect(JSON.stringify(await snapshot(ctx.db))).not.toContain('demo-alice-token');
  });

  it('a query answers plain JSON: camelCase keys, ISO 8601 timestamps, no transformer envelope', async () => {
    const id = ctx.demo.articles.alice[0] as number;
    const answer = await callRaw(ctx.url, 'articles.get', 'query', { id });
    expect(answer.status).toBe(200);
    const data = (answer.body as { result: { data: Record<string, unknown> } }).result.data;
    expect(Object.keys(data).sort()).toEqual(
      [
        'authorId',
        'categoryId',
        'content',
        'createdAt',
        'id',
        'isDeleted',
        'slug',
        'title',
        'updatedAt',
      ].sort(),
    );
    expect(data).toMatchObject({ id, authorId: ctx.demo.authors.alice, isDeleted: false });
    expect(new Date(String(data.createdAt)).toISOString()).toBe(data.createdAt);
    expect(data).not.toHaveProperty('json');
  });

  it('delete answers 200 with no data (void)', async () => {
    const id = ctx.demo.articles.alice[0] as number;
    const answer = await callRaw(ctx.url, 'articles.delete', 'mutation', { id }, alice);
    expect(answer.status).toBe(200);
    expect((answer.body as { result: { data?: unknown } }).result.data).toBeUndefined();
  });

  it('batching is on: several calls in one request', async () => {
    const [a, b] = ctx.demo.articles.bob as [number, number];
    const input = encodeURIComponent(JSON.stringify({ 0: { id: a }, 1: { id: b } }));
    const response = await fetch(`${ctx.url}/trpc/articles.get,articles.get?batch=1&input=${input}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Array<{ result: { data: { id: number } } }>;
    expect(body.map((r) => r.result.data.id)).toEqual([a, b]);
  });

  it('status codes: 400, 401, 403, 404, 409 — with the tRPC code, and nothing changed', async () => {
    const [a1] = ctx.demo.articles.alice as [number];
    const before = await snapshot(ctx.db);
    const cases = [
      {
        status: 400,
        code: 'BAD_REQUEST',
        answer: await callRaw(ctx.url, 'articles.get', 'query', { id: -1 }),
      },
      {
        status: 400,
        code: 'BAD_REQUEST',
        answer: await callRaw(
          ctx.url,
          'articles.update',
          'mutation',
          { id: a1, patch: { authorId: 3 } },
          alice,
        ),
      },
      {
        status: 401,
        code: 'UNAUTHORIZED',
        answer: await callRaw(ctx.url, 'articles.create', 'mutation', {
          title: 't',
          slug: 's',
          content: 'c',
        }),
      },
      {
        status: 401,
        code: 'UNAUTHORIZED',
        answer: await callRaw(ctx.url, 'articles.delete', 'mutation', { id: a1 }, 'no-such-token'),
      },
      {
        status: 403,
        code: 'FORBIDDEN',
        answer: await callRaw(ctx.url, 'articles.update', 'mutation', { id: a1, patch: { title: 'x' } }, bob),
      },
      {
        status: 403,
        code: 'FORBIDDEN',
        answer: await callRaw(ctx.url, 'articles.restore', 'mutation', { id: a1 }, alice),
      },
      {
        status: 404,
        code: 'NOT_FOUND',
        answer: await callRaw(ctx.url, 'articles.get', 'query', { id: 999_999 }),
      },
      {
        status: 409,
        code: 'CONFLICT',
        answer: await callRaw(
          ctx.url,
          'categories.delete',
          'mutation',
          { id: ctx.demo.categories.engineering },
          admin,
        ),
      },
    ];
    for (const { status, code, answer } of cases) {
      expect(
        { status: answer.status, code: (answer.body as ErrorBody).error?.data?.code },
        answer.text,
      ).toEqual({
        status,
        code,
      });
      expect(hasStackTrace(answer.text), answer.text).toBe(false);
    }
    const badRequest = cases[0]?.answer.body as ErrorBody;
    expect(badRequest.error.data.zodError).toBeTruthy();
    expect(await snapshot(ctx.db)).toEqual(before);
  });

  it('a 409 on restore names the clash', async () => {
    const [a1] = ctx.demo.articles.alice as [number];
    const slug = (await ctx.as.alice.articles.get.query({ id: a1 })).slug;
    await ctx.as.alice.articles.delete.mutate({ id: a1 });
    await ctx.as.bob.articles.create.mutate({ title: 'Same slug', slug, content: '' });
    const answer = await callRaw(ctx.url, 'articles.restore', 'mutation', { id: a1 }, admin);
    expect(answer.status).toBe(409);
    expect((answer.body as ErrorBody).error.data.code).toBe('CONFLICT');
    expect(hasStackTrace(answer.text)).toBe(false);
  });

  it('malformed requests are 4xx, never 500', async () => {
    const notJson = await fetch(`${ctx.url}/trpc/articles.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice}` },
      body: '{"title": ',
    });
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
    expect(hasStackTrace(await notJson.text())).toBe(false);

    const badInputParam = await fetch(`${ctx.url}/trpc/articles.get?input=%7Bnot-json`);
    expect(badInputParam.status).toBeGreaterThanOrEqual(400);
    expect(badInputParam.status).toBeLessThan(500);

    const unknownProcedure = await callRaw(ctx.url, 'articles.nope', 'query', {});
    expect(unknownProcedure.status).toBe(404);

    const mutationAsQuery = await callRaw(ctx.url, 'articles.delete', 'query', { id: 1 }, admin);
    expect(mutationAsQuery.status).toBeGreaterThanOrEqual(400);
    expect(mutationAsQuery.status).toBeLessThan(500);
    expect(await ctx.db.selectFrom('article').select('id').where('is_deleted', '=', true).execute()).toEqual(
      [],
    );

    const unknownPath = await fetch(`${ctx.url}/nope`);
    expect(unknownPath.status).toBe(404);
  });
});
