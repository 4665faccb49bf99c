import { createClient, isTombstoneError, type TombstoneClient } from '@tombstone/sdk';
import { createTombstone, type TransactionRetry } from '@tombstone/server';
import { listen, type RunningServer } from '@tombstone/server/http';
import { appRouter, createDatabase, createReferenceServer, seedDemo } from '@tombstone/server/reference';
import { cascadeViolations, trashViolations } from '@tombstone/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReferenceDatabase, type ReferenceTestDatabase } from '../helpers/reference-database.js';

const url = process.env.DATABASE_URL;
const SERVERS = 3;
const REQUESTS = 480;
const IN_FLIGHT = 24;
const AUTHORS = 4;
const ARTICLES_PER_AUTHOR = 5;
const COMMENTS_PER_ARTICLE = 8;

/** A deterministic pseudo-random sequence (mulberry32), so a failing soak can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Tally {
  requests: number;
  ok: number;
  /** Requests answered CONFLICT as a whole (a restore under a deleted parent, a retried-out lock). */
  conflicts: number;
  /** Ids a bulk call reported as CONFLICT while the others proceeded. */
  bulkConflictIds: number;
  notFound: number;
  otherClientErrors: number;
  serverErrors: number;
  retries: number;
  ms: number;
}

describe.runIf(url)('three servers, one PostgreSQL, overlapping concurrent writes [postgres]', () => {
  let test: ReferenceTestDatabase;
  const servers: { db: { destroy(): Promise<void> }; running: RunningServer; retries: TransactionRetry[] }[] =
    [];
  const authors: number[] = [];
  let articles: number[] = [];
  let comments: number[] = [];

  beforeAll(async () => {
    test = await openReferenceDatabase('postgres', { poolSize: 2 });
    await seedDemo(test.db);
    for (let i = 0; i < AUTHORS; i++) {
      const author = await test.db
        .insertInto('author')
        .values({ name: `Soak ${i}`, email: `soak${i}@example.com` })
        .returning('id')
        .executeTakeFirstOrThrow();
      const written = await test.db
        .insertInto('article')
        .values(
          Array.from({ length: ARTICLES_PER_AUTHOR }, (_, j) => ({
            author_id: author.id,
            title: `soak ${j}`,
            slug: `soak-${author.id}-${j}`,
            content: 'x',
          })),
        )
        .returning('id')
        .execute();
      await test.db
        .insertInto('comment')
        .values(
          written.flatMap((a) =>
            Array.from({ length: COMMENTS_PER_ARTICLE }, () => ({
              article_id: a.id,
              author_id: author.id,
              body: 'c',
            })),
          ),
        )
        .execute();
      authors.push(author.id);
    }
    articles = (
      await test.db.selectFrom('article').select('id').where('author_id', 'in', authors).execute()
    ).map((r) => r.id);
    comments = (
      await test.db.selectFrom('comment').select('id').where('article_id', 'in', articles).execute()
    ).map((r) => r.id);
    for (let i = 0; i < SERVERS; i++) {
      const retries: TransactionRetry[] = [];
      const db = await createDatabase({ url: test.url, poolSize: 4, onPoolError: () => {} });
      const tombstone = await createTombstone(db, appRouter, {
        logger: { warn: () => {} },
        transactions: { lockTimeoutMs: 2_000, maxAttempts: 6, onRetry: (r) => retries.push(r) },
      });
      const running = await listen(createReferenceServer({ db, tombstone }), { port: 0 });
      servers.push({ db, running, retries });
    }
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) {
      await server.running.close();
      await server.db.destroy();
    }
    await test?.destroy();
  });

  it('ends consistent: no half cascade, no live child under a deleted parent, trash ⇔ deleted rows, no 5xx', async () => {
    const next = random(9);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const some = <T>(items: readonly T[], n: number): T[] => Array.from({ length: n }, () => pick(items));
    const clients: TombstoneClient[] = servers.map((s) =>
      createClient({ url: s.running.url, token: 'demo-admin-token' }),
    );
    type Op = (client: TombstoneClient) => Promise<unknown>;
    const operations: Op[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const roll = next();
      const resource = next() < 0.2 ? 'authors' : next() < 0.6 ? 'articles' : 'comments';
      const ids = resource === 'authors' ? authors : resource === 'articles' ? articles : comments;
      if (roll < 0.3) operations.push((c) => c[resource].delete.mutate({ id: pick(ids) }));
      else if (roll < 0.55) operations.push((c) => c[resource].restore.mutate({ id: pick(ids) }));
      else if (roll < 0.73) operations.push((c) => c[resource].bulkDelete.mutate({ ids: some(ids, 6) }));
      else if (roll < 0.93) operations.push((c) => c[resource].bulkRestore.mutate({ ids: some(ids, 6) }));
      else {
        // Hard deletes: comments and articles only, so the soak keeps rows to fight over.
        const table = next() < 0.5 ? 'comments' : 'articles';
        operations.push((c) =>
          c[table].hardDelete.mutate({ id: pick(table === 'comments' ? comments : articles) }),
        );
      }
    }

    const tally: Tally = {
      requests: 0,
      ok: 0,
      conflicts: 0,
      bulkConflictIds: 0,
      notFound: 0,
      otherClientErrors: 0,
      serverErrors: 0,
      retries: 0,
      ms: 0,
    };
    const serverErrors: string[] = [];
    const started = performance.now();
    let cursor = 0;
    const worker = async (w: number) => {
      for (let i = cursor++; i < operations.length; i = cursor++) {
        const client = clients[(i + w) % clients.length] as TombstoneClient;
        tally.requests++;
        try {
          const result = (await (operations[i] as Op)(client)) as {
            errors?: { details: { code: string }[] };
          };
          tally.ok++;
          for (const e of result?.errors?.details ?? []) if (e.code === 'CONFLICT') tally.bulkConflictIds++;
        } catch (error) {
          if (!isTombstoneError(error)) throw error;
          const status = error.data?.httpStatus ?? 0;
          if (status >= 500) {
            tally.serverErrors++;
            serverErrors.push(error.message);
          } else if (error.data?.code === 'CONFLICT') tally.conflicts++;
          else if (error.data?.code === 'NOT_FOUND') tally.notFound++;
          else tally.otherClientErrors++;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(w)));
    tally.ms = Math.round(performance.now() - started);
    tally.retries = servers.reduce((n, s) => n + s.retries.length, 0);
    console.log(`soak: ${JSON.stringify(tally)}`);

    expect(serverErrors).toEqual([]);
    expect(tally.requests).toBe(REQUESTS);
    expect(tally.otherClientErrors).toBe(0);
    const tombstone = await createTombstone(test.db, appRouter, { logger: { warn: () => {} } });
    expect(await cascadeViolations(test.db, tombstone.graph)).toEqual([]);
    expect(await trashViolations(test.db, tombstone.graph)).toEqual([]);
    // Every server still answers.
    for (const server of servers) expect((await fetch(`${server.running.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
