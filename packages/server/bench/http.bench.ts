import { createServer } from '../src/http/create-server.js';
import { listen } from '../src/http/listen.js';
import { createTombstone } from '../src/procedures/tombstone.js';
import { createContext } from '../src/reference/context.js';
import { appRouter } from '../src/reference/routers/app-router.js';
import { openBenchDatabase } from './bench-database.js';
import { nodeBaseline, seedArticles, trpcBaseline } from './http-baselines.js';
import { requestsPerSecond } from './load.js';
import { type BenchResult, median } from './report.js';
import { trashListRatio } from './trash-list.js';

// Many short alternating rounds rather than a few long ones: on a shared machine the load drifts,
// and a median of paired ratios cancels most of the drift. On two cores single pairs spread from
// 0.85 to 1.5 (the server, PostgreSQL and the load generator share them); the median of 11 pairs
// moves by about ±0.05 from run to run, the median of 5 by twice that.
const SECONDS = Number(process.env.HTTP_BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.HTTP_BENCH_ROUNDS ?? 11);
interface Pair {
  name: string;
  target: number;
  subject: string;
  baseline: string;
}

export async function run(): Promise<BenchResult[]> {
  const bench = await openBenchDatabase();
  const { db } = bench;
  const closers: Array<() => Promise<void>> = [];
  try {
    const id = await seedArticles(db);
    const tombstone = await createTombstone(db, appRouter);
    const subject = await listen(
      createServer({
        router: appRouter,
        createContext: (req) => createContext({ db, tombstone }, req.headers.authorization),
      }),
      { port: 0 },
    );
    closers.push(() => subject.close());
    const node = await nodeBaseline(db);
    closers.push(() => node.close());
    const trpc = await trpcBaseline(db);
    closers.push(() => trpc.close());
    const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

    const pairs: Pair[] = [
      {
        name: 'rest-get',
        target: 1.25,
        subject: `${subject.url}/api/articles/${id}`,
        baseline: `${node.url}/articles/${id}`,
      },
      {
        name: 'trpc-get',
        target: 1.15,
        subject: `${subject.url}/trpc/articles.get?input=${input({ id })}`,
        baseline: `${trpc.url}/trpc/articles.get?input=${input({ id })}`,
      },
      {
        name: 'trpc-get-raw',
        target: 2.5,
        subject: `${subject.url}/trpc/articles.get?input=${input({ id })}`,
        baseline: `${node.url}/articles/${id}`,
      },
      {
        name: 'rest-list',
        target: 1.25,
        subject: `${subject.url}/api/articles?limit=20`,
        baseline: `${node.url}/articles?limit=20`,
      },
      {
        name: 'trpc-list',
        // The factory's list validates its input (filters, cursor) and its 20 output rows with Zod;
        // the hand-written one does neither.
        target: 1.3,
        subject: `${subject.url}/trpc/articles.list?input=${input({ limit: 20 })}`,
        baseline: `${trpc.url}/trpc/articles.list?input=${input({ limit: 20 })}`,
      },
    ];

    // Warm-up: JIT, plan caches and pool connections on every route of both sides.
    for (const pair of pairs) {
      await requestsPerSecond(pair.subject, 0.5);
      await requestsPerSecond(pair.baseline, 0.5);
    }
    const results: BenchResult[] = [];
    for (const pair of pairs) {
      const ratios: number[] = [];
      const rates: Array<[number, number]> = [];
      for (let round = 0; round < ROUNDS; round++) {
        const first = round % 2 === 0;
        const a = await requestsPerSecond(first ? pair.subject : pair.baseline, SECONDS);
        const b = await requestsPerSecond(first ? pair.baseline : pair.subject, SECONDS);
        const [mine, theirs] = first ? [a, b] : [b, a];
        rates.push([mine, theirs]);
        ratios.push(theirs / mine);
      }
      const show = (i: 0 | 1) => Math.round(median(rates.map((r) => r[i])));
      const sorted = [...ratios].sort((a, b) => a - b);
      const quartile = (q: number) => (sorted[Math.round((sorted.length - 1) * q)] as number).toFixed(2);
      results.push({
        area: 'http',
        name: pair.name,
        ratio: median(ratios),
        target: pair.target,
        detail:
          `${bench.label}: Tombstone ${show(0)} req/s, baseline ${show(1)} req/s; ` +
          `${ROUNDS} pairs, quartiles ${quartile(0.25)}–${quartile(0.75)}`,
      });
    }
    results.push(await trashListRatio(db, bench.label));
    return results;
  } finally {
    for (const close of closers.reverse()) await close();
    await bench.close();
  }
}
