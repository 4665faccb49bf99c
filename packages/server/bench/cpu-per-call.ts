/**
 * A profiling aid, not a benchmark: the CPU this process spends per call (`process.cpuUsage`,
 * concurrency 10) on the paths the HTTP bench compares, without HTTP, so that the database
 * server's and the load generator's CPU (and most of a shared machine's noise) stay out of it:
 * `DATABASE_URL=… npx tsx bench/cpu-per-call.ts`.
 */
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import { restEndpoint } from '../src/http/rest/rest-endpoint.js';
import { createTombstone } from '../src/procedures/tombstone.js';
import { createContext } from '../src/reference/context.js';
import { appRouter } from '../src/reference/routers/app-router.js';
import { openBenchDatabase } from './bench-database.js';
import { getArticle, listArticles, seedArticles } from './http-baselines.js';
import { median } from './report.js';

const CALLS = Number(process.env.CPU_CALLS ?? 4_000);
const ROUNDS = Number(process.env.CPU_ROUNDS ?? 7);
const CONCURRENCY = 10;

const bench = await openBenchDatabase();
const { db } = bench;
await seedArticles(db);
const tombstone = await createTombstone(db, appRouter);

const t = initTRPC.create();
const hand = t.router({
  get: t.procedure.input(z.object({ id: z.number().int() })).query(async ({ input }) => {
    const row = await getArticle(db, input.id);
    if (!row) throw new Error('not found');
    return row;
  }),
  list: t.procedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(20) }))
    .query(({ input }) => listArticles(db, input.limit)),
});
// biome-ignore lint/suspicious/noExplicitAny: calling procedures as the adapters do.
const call = (procedure: any, path: string, input: unknown, ctx: unknown) =>
  procedure({
    path,
    getRawInput: async () => input,
    ctx,
    type: 'query',
    signal: undefined,
    batchIndex: 0,
  });
const factory = appRouter._def.procedures as Record<string, unknown>;
const endpoint = restEndpoint(appRouter, '/api', () => {});
const context = () => createContext({ db, tombstone }, undefined);

const id = 500;
const paths: Record<string, () => Promise<unknown>> = {
  'get bare': () => getArticle(db, id),
  'get hand-trpc': () => call(hand._def.procedures.get, 'get', { id }, {}),
  'get factory': async () => call(factory['articles.get'], 'articles.get', { id }, await context()),
  'get rest': () => endpoint.handle({ method: 'GET', url: `/api/articles/${id}`, body: undefined }, context),
  'list bare': () => listArticles(db, 20),
  'list hand-trpc': () => call(hand._def.procedures.list, 'list', { limit: 20 }, {}),
  'list factory': async () => call(factory['articles.list'], 'articles.list', { limit: 20 }, await context()),
  'list rest': () =>
    endpoint.handle({ method: 'GET', url: '/api/articles?limit=20', body: undefined }, context),
};

async function cpuPerCall(fn: () => Promise<unknown>, calls: number): Promise<number> {
  let left = calls;
  const start = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) JSON.stringify(await fn());
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

const only = process.argv.slice(2);
const chosen = Object.entries(paths).filter(
  ([name]) => only.length === 0 || only.some((o) => name.includes(o)),
);
for (const [, fn] of chosen) await cpuPerCall(fn, CALLS / 2);
const samples = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of round % 2 ? [...chosen].reverse() : chosen) {
    const list = samples.get(name) ?? [];
    list.push(await cpuPerCall(fn, CALLS));
    samples.set(name, list);
  }
}
for (const [name, list] of samples) {
  console.log(`${name.padEnd(16)} ${median(list).toFixed(1).padStart(7)} µs CPU per call`);
}
await bench.close();
