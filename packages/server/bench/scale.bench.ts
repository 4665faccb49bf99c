/**
 * Scale (issue 14): one author with A articles × C comments deleted, then restored, through the
 * real HTTP server of the reference API as staff (`POST /trpc/authors.delete`, then
 * `authors.restore`), the server running in a child process of its own so that its memory is
 * measured alone; versus the set-based UPDATEs a competent PostgreSQL developer writes by hand
 * (no audit trail), on identically seeded data in the same run. PostgreSQL only.
 *
 * Sizes: 100,173 rows (1 + 316 + 316 × 316) always; 1,001,001 rows (1 + 1,000 + 1,000 × 1,000)
 * only with `BENCH_SCALE=1m`. Every operation starts from freshly seeded data (the Tombstone
 * restore from the state its own delete left), in a freshly started and warmed-up server.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../src/reference/db/database.js';
import { migrations } from '../src/reference/db/migrations/index.js';
import { openTestDatabase } from '../src/testing/index.js';
import { type BenchResult, median } from './report.js';
import {
  assertTree,
  handWrittenDelete,
  handWrittenRestore,
  rowsOf,
  type ScaleDataset,
  type ScaleShape,
  STAFF_TOKEN,
  seedScale,
  settle,
} from './scale-dataset.js';
import { callJson, type JsonAnswer, type ServerProcess, startServerProcess } from './server-process.js';

const MIB = 1024 * 1024;
/** The memory budget for the server while it deletes or restores a million rows. */
const RSS_BUDGET = 64 * MIB;

const SHAPES = {
  '100k': { label: '100k', articles: 316, comments: 316 },
  '1m': { label: '1m', articles: 1_000, comments: 1_000 },
} as const satisfies Record<string, ScaleShape>;

/** Rounds per size (each seeds twice and runs four operations); `SCALE_BENCH_ROUNDS` overrides. */
const ROUNDS: Record<keyof typeof SHAPES, number> = {
  '100k': Number(process.env.SCALE_BENCH_ROUNDS ?? 3),
  '1m': Number(process.env.SCALE_BENCH_ROUNDS ?? 1),
};

type Operation = 'delete' | 'restore';

/** One operation through the API: wall time, and the server's RSS growth (peak − before). */
interface ApiMeasure {
  ms: number;
  rssGrowth: number;
}

interface Round {
  api: Record<Operation, ApiMeasure>;
  handWritten: Record<Operation, number>;
}

/**
 * ADAPT HERE when the engine answers large operations with a job: returns once the operation that
 * `answer` started has finished. Today `authors.delete` / `authors.restore` do all the work
 * before they answer 200, so there is nothing to wait for. When a large delete or restore answers
 * 202 (or 200 with a job id), poll the job status route on `server.url` as `STAFF_TOKEN` until
 * the job reports done (and throw if it reports failure), here and nowhere else: the caller's
 * clock runs until this returns, and the caller then checks the database state.
 */
async function waitUntilDone(server: ServerProcess, answer: JsonAnswer, what: string): Promise<void> {
  if (answer.status === 200) return;
  throw new Error(
    `${what} on ${server.url} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}` +
      (answer.status === 202 ? ' (a job: teach waitUntilDone in bench/scale.bench.ts to poll it)' : ''),
  );
}

/** Runs `authors.<operation>` of `authorId` through HTTP and waits until it is done. */
async function apiCall(server: ServerProcess, operation: Operation, authorId: number): Promise<void> {
  const what = `authors.${operation}`;
  const answer = await callJson('POST', `${server.url}/trpc/${what}`, STAFF_TOKEN, { id: authorId });
  await waitUntilDone(server, answer, what);
}

/**
 * Starts a fresh server, warms it up (a delete and a restore of the tiny warm-up author: routes,
 * JIT, pool connections, relation graph), then measures one operation on the measured author.
 */
async function measureApi(
  db: Kysely<Database>,
  databaseUrl: string,
  dataset: ScaleDataset,
  operation: Operation,
): Promise<ApiMeasure> {
  const server = await startServerProcess(databaseUrl);
  try {
    await apiCall(server, 'delete', dataset.warmUpAuthorId);
    await apiCall(server, 'restore', dataset.warmUpAuthorId);
    await assertTree(db, dataset.warmUpAuthorId, 4, false, 'warm-up');
    const before = await server.rss();
    const sampler = server.sampleRss(50);
    const start = performance.now();
    await apiCall(server, operation, dataset.authorId);
    const ms = performance.now() - start;
    const peak = await sampler.stop();
    await assertTree(db, dataset.authorId, dataset.rows, operation === 'delete', `API ${operation}`);
    return { ms, rssGrowth: peak - before };
  } finally {
    await server.close();
  }
}

async function measureHandWritten(
  db: Kysely<Database>,
  shape: ScaleShape,
): Promise<Record<Operation, number>> {
  const dataset = await seedScale(db, shape);
  let start = performance.now();
  await handWrittenDelete(db, dataset.authorId);
  const deleteMs = performance.now() - start;
  await assertTree(db, dataset.authorId, dataset.rows, true, 'hand-written delete');
  await settle(db);
  start = performance.now();
  await handWrittenRestore(db, dataset.authorId);
  const restoreMs = performance.now() - start;
  await assertTree(db, dataset.authorId, dataset.rows, false, 'hand-written restore');
  return { delete: deleteMs, restore: restoreMs };
}

async function measureTombstone(
  db: Kysely<Database>,
  databaseUrl: string,
  shape: ScaleShape,
): Promise<Record<Operation, ApiMeasure>> {
  const dataset = await seedScale(db, shape);
  const deleted = await measureApi(db, databaseUrl, dataset, 'delete');
  await settle(db);
  // The restore starts from what the API's delete left: its rows and its audit entries.
  const restored = await measureApi(db, databaseUrl, dataset, 'restore');
  return { delete: deleted, restore: restored };
}

/** `rounds` rounds of both sides; which side goes first alternates, so drift hits both alike. */
async function measureShape(
  db: Kysely<Database>,
  databaseUrl: string,
  shape: ScaleShape,
  rounds: number,
): Promise<Round[]> {
  const results: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    let api: Record<Operation, ApiMeasure>;
    let handWritten: Record<Operation, number>;
    if (round % 2 === 0) {
      api = await measureTombstone(db, databaseUrl, shape);
      handWritten = await measureHandWritten(db, shape);
    } else {
      handWritten = await measureHandWritten(db, shape);
      api = await measureTombstone(db, databaseUrl, shape);
    }
    results.push({ api, handWritten });
    console.log(
      `scale ${shape.label} round ${round + 1}/${rounds} (${rowsOf(shape).toLocaleString('en-US')} rows): ` +
        `API delete ${seconds(api.delete.ms)} (server RSS +${mib(api.delete.rssGrowth)} MiB), ` +
        `restore ${seconds(api.restore.ms)} (+${mib(api.restore.rssGrowth)} MiB); ` +
        `hand-written delete ${seconds(handWritten.delete)}, restore ${seconds(handWritten.restore)}`,
    );
  }
  return results;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => (bytes / MIB).toFixed(1);

/** Median API time ÷ median hand-written time of one operation, with the numbers for humans. */
function timeRatio(rounds: Round[], operation: Operation, shape: ScaleShape): BenchResult {
  const api = median(rounds.map((r) => r.api[operation].ms));
  const handWritten = median(rounds.map((r) => r.handWritten[operation]));
  return {
    area: 'scale',
    name: `${operation}-${shape.label}`,
    // Paired ratios, like the other benches: each pair ran back to back.
    ratio: median(rounds.map((r) => r.api[operation].ms / r.handWritten[operation])),
    target: 1,
    detail: `API ${seconds(api)} vs hand-written ${seconds(handWritten)}, ${rowsOf(shape).toLocaleString('en-US')} rows, median of ${rounds.length} (postgres)`,
  };
}

/** Median API time (delete + restore) per row, in µs. */
function microsPerRow(rounds: Round[], shape: ScaleShape): number {
  return (median(rounds.map((r) => r.api.delete.ms + r.api.restore.ms)) * 1000) / rowsOf(shape);
}

const maxGrowth = (rounds: Round[]) =>
  Math.max(...rounds.flatMap((r) => [r.api.delete.rssGrowth, r.api.restore.rssGrowth]));

/** Whether the million-row case was asked for: `BENCH_SCALE=1m` (unset or `100k`: 100k only). */
function millionRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const asked = (env.BENCH_SCALE ?? '100k').toLowerCase();
  if (asked !== '100k' && asked !== '1m') {
    throw new Error(`BENCH_SCALE=${env.BENCH_SCALE}: expected 100k or 1m`);
  }
  return asked === '1m';
}

export async function run(): Promise<BenchResult[]> {
  const million = millionRequested();
  if (!process.env.DATABASE_URL) {
    console.log('scale: skipped, the scale benches need DATABASE_URL (PostgreSQL)');
    return [];
  }
  const test = await openTestDatabase<Database>('postgres', { migrations });
  try {
    const url = test.url as string;
    const small = await measureShape(test.db, url, SHAPES['100k'], ROUNDS['100k']);
    const results: BenchResult[] = [
      timeRatio(small, 'delete', SHAPES['100k']),
      timeRatio(small, 'restore', SHAPES['100k']),
    ];
    console.log(`scale 100k: server RSS growth at most ${mib(maxGrowth(small))} MiB`);
    if (!million) return results;

    const large = await measureShape(test.db, url, SHAPES['1m'], ROUNDS['1m']);
    const growth = maxGrowth(large);
    console.log(`scale 1m: server RSS growth at most ${mib(growth)} MiB (budget ${mib(RSS_BUDGET)} MiB)`);
    const perRowSmall = microsPerRow(small, SHAPES['100k']);
    const perRowLarge = microsPerRow(large, SHAPES['1m']);
    results.push(
      timeRatio(large, 'delete', SHAPES['1m']),
      timeRatio(large, 'restore', SHAPES['1m']),
      {
        area: 'scale',
        name: 'rss-1m',
        ratio: growth / RSS_BUDGET,
        target: 1,
        detail: `server RSS growth ${mib(growth)} MiB (max of delete and restore, peak − before) ÷ 64 MiB`,
      },
      {
        area: 'scale',
        name: 'per-row-1m',
        ratio: perRowLarge / perRowSmall,
        target: 1.3,
        detail: `API delete + restore ${perRowLarge.toFixed(2)} µs/row at 1,001,001 rows vs ${perRowSmall.toFixed(2)} µs/row at 100,173`,
      },
    );
    return results;
  } finally {
    await test.destroy();
  }
}
