/**
 * The hand-written baselines of the HTTP bench: the same query and JSON, written without
 * Tombstone, once as a bare `node:http` handler and once as plain tRPC procedures served through
 * the same Fastify adapter as Tombstone's `/trpc`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../src/reference/db/database.js';
import { seedAuthorArticles } from './seed-articles.js';

type ArticleRow = {
  id: number;
  author_id: number;
  category_id: number | null;
  title: string;
  slug: string;
  content: string;
  is_deleted: boolean;
  created_at: Date;
  updated_at: Date;
};

function wire(row: ArticleRow) {
  return {
    id: row.id,
    authorId: row.author_id,
    categoryId: row.category_id,
    title: row.title,
    slug: row.slug,
    content: row.content,
    isDeleted: row.is_deleted,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Empties the reference tables and seeds what the HTTP benches and profiling aids read: one staff
 * author and `count` live articles of ~250 bytes; answers the id of the middle article.
 */
export async function seedArticles(db: Kysely<Database>, count = 1_000): Promise<number> {
  await seedAuthorArticles(db, count, 'lorem ipsum '.repeat(20));
  return count / 2;
}

/** One live article by id, as the API answers it; `undefined` if absent or deleted. */
export async function getArticle(db: Kysely<Database>, id: number) {
  const { rows } =
    await sql<ArticleRow>`select * from article where id = ${id} and is_deleted = false`.execute(db);
  return rows[0] ? wire(rows[0]) : undefined;
}

/** The first page of live articles (`limit` rows) and the cursor of the next. */
export async function listArticles(db: Kysely<Database>, limit: number) {
  const { rows } = await sql<ArticleRow>`
    select * from article where is_deleted = false order by id limit ${limit + 1}
  `.execute(db);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(wire),
    nextCursor:
      rows.length > limit && last ? Buffer.from(JSON.stringify({ id: last.id })).toString('base64url') : null,
  };
}

/** Listens on a free loopback port; resolves with the origin and a close function. */
async function serve(server: http.Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `GET /articles/:id` and `GET /articles?limit=n` as a bare `node:http` handler. */
export function nodeBaseline(db: Kysely<Database>) {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = () => send(500, { error: 'internal' });
    const match = /^\/articles\/(\d+)\/?$/.exec(url);
    if (match) {
      getArticle(db, Number(match[1])).then(
        (row) => (row ? send(200, row) : send(404, { error: 'not found' })),
        fail,
      );
      return;
    }
    if (url.startsWith('/articles')) {
      const limit = Number(new URL(url, 'http://x').searchParams.get('limit') ?? 20);
      listArticles(db, limit).then((page) => send(200, page), fail);
      return;
    }
    send(404, { error: 'not found' });
  });
  return serve(server);
}

/** `articles.get` and `articles.list` as hand-written tRPC procedures, through tRPC's Fastify adapter. */
export async function trpcBaseline(db: Kysely<Database>) {
  const t = initTRPC.create();
  const router = t.router({
    articles: t.router({
      get: t.procedure.input(z.object({ id: z.number().int() })).query(async ({ input }) => {
        const row = await getArticle(db, input.id);
        if (!row) throw new Error('not found');
        return row;
      }),
      list: t.procedure
        .input(z.object({ limit: z.number().int().min(1).max(100).default(20) }))
        .query(({ input }) => listArticles(db, input.limit)),
    }),
  });
  const app = Fastify();
  await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: () => app.close(),
  };
}
