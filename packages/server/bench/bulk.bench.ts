/**
 * bulkDelete of 10,000 ids through the API (a tRPC caller: input validation, authorization,
 * row locks, cascade lookup, audit trail, output validation) versus a hand-written
 * `UPDATE … WHERE id = any($1)` on identical data; and a loop of single deletes versus one bulk.
 */
import { sql } from 'kysely';
import { createTombstone } from '../src/procedures/tombstone.js';
import { appRouter } from '../src/reference/routers/app-router.js';
import { openBenchDatabase } from './bench-database.js';
import { type BenchResult, median } from './report.js';
import { seedAuthorArticles } from './seed-articles.js';

const ROWS = 10_000;
const ROUNDS = 11;
/** Rounds run first and thrown away: JIT and plan-cache warm-up for both sides. */
const WARMUP = 2;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function run(): Promise<BenchResult[]> {
  const bench = await openBenchDatabase();
  const { db } = bench;
  try {
    const tombstone = await createTombstone(db, appRouter);
    const caller = (authorId: number) =>
      appRouter.createCaller({ db, tombstone, user: { id: authorId, isStaff: true }, hasToken: true });

    const api: number[] = [];
    const hand: number[] = [];
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const viaApi = async () => {
        const a = await seedAuthorArticles(db, ROWS, 'content');
        return timed(async () => {
          const result = await caller(a.authorId).articles.bulkDelete({ ids: a.ids });
          if (result.success.count !== ROWS)
            throw new Error(`bulkDelete deleted ${result.success.count} rows`);
        });
      };
      const byHand = async () => {
        const b = await seedAuthorArticles(db, ROWS, 'content');
        return timed(() =>
          sql`update article set is_deleted = true where id = any(${b.ids}::int[]) and not is_deleted`.execute(
            db,
          ),
        );
      };
      // Alternate which side runs first, so drift in the machine's load hits both alike.
      const [apiMs, handMs] =
        round % 2 === 0 ? [await viaApi(), await byHand()] : [await byHand(), await viaApi()].reverse();
      if (round >= WARMUP) {
        api.push(apiMs as number);
        hand.push(handMs as number);
      }
    }

    const loopRows = ROWS;
    const c = await seedAuthorArticles(db, loopRows, 'content');
    const single = caller(c.authorId);
    const loop = await timed(async () => {
      for (const id of c.ids) await single.articles.delete({ id });
    });
    const bulkMs = median(api);
    return [
      {
        area: 'bulk',
        name: 'delete-10k',
        ratio: bulkMs / median(hand),
        target: 1.5,
        detail: `${bench.label}: API bulkDelete ${bulkMs.toFixed(1)} ms vs hand-written UPDATE ${median(hand).toFixed(1)} ms (median of ${ROUNDS})`,
      },
      {
        area: 'bulk',
        name: 'bulk-vs-loop-10k',
        ratio: bulkMs / loop,
        target: 0.1,
        detail: `${bench.label}: one bulkDelete ${bulkMs.toFixed(1)} ms vs ${loopRows} single deletes ${(loop / 1000).toFixed(1)} s`,
      },
    ];
  } finally {
    await bench.close();
  }
}
