/**
 * Scale: one author with A articles × C comments deleted, then restored, through the
 * real HTTP server of the reference API as staff (`POST /trpc/authors.delete`, then
 * `authors.restore`), the server running in a child process of its own so that its memory is
 * measured alone; versus the set-based UPDATEs a competent PostgreSQL developer writes by hand
 * (no audit trail), on identically seeded data in the same run. PostgreSQL only.
 *
 * Sizes: 100,173 rows (1 + 316 + 316 × 316) always; 1,001,001 rows (1 + 1,000 + 1,000 × 1,000)
 * only with `BENCH_SCALE=1m`. Every operation starts from freshly seeded data (the Tombstone
 * restore from the state its own delete left), in a freshly started and warmed-up server.
 */
import { type Kysely, sql } from 'kysely';
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
import {
  callJson,
  type JsonAnswer,
  SERVER_APPLICATION_NAME,
  type ServerProcess,
  startServerProcess,
} from './server-process.js';

const MIB = 1024 * 1024;
/** The memory budget for the server while it deletes or restores a million rows. */
const RSS_BUDGET = 64 * MIB;

/** A size to measure: its shape, how many rounds, and how long one API operation may take. */
interface ScaleCase extends ScaleShape {
  rounds: number;
  /** An API operation still running after this is ended and counted as this long (a lower bound). */
  limitMs: number;
}

const env = process.env;
const CASES = {
  '100k': {
    label: '100k',
    articles: 316,
    comments: 316,
    rounds: Number(env.SCALE_BENCH_ROUNDS ?? 3),
    limitMs: Number(env.SCALE_BENCH_LIMIT_S ?? 60) * 1000,
  },
  '1m': {
    label: '1m',
    articles: 1_000,
    comments: 1_000,
    rounds: Number(env.SCALE_BENCH_ROUNDS ?? 3),
    limitMs: Number(env.SCALE_BENCH_LIMIT_S ?? 300) * 1000,
  },
} as const satisfies Record<string, ScaleCase>;

type Operation = 'delete' | 'restore';

/** One operation through the API: wall time, and the server's RSS growth (peak − before). */
interface ApiMeasure {
  ms: number;
  rssGrowth: number;
  /** `false`: ended at the time limit (`ms` is the limit), or not run (`NaN`) after such a delete. */
  finished: boolean;
}

interface Round {
  api: Record<Operation, ApiMeasure>;
  handWritten: Record<Operation, number>;
}

/**
 * Returns once the operation that `answer` started has finished. `authors.delete` /
 * `authors.restore` answer 200 when the work is done, also when it ran as a chunked job (above
 * `largeOperations.maxRows` rows), so there is nothing to poll; any other status is a failure.
 */
async function waitUntilDone(server: ServerProcess, answer: JsonAnswer, what: string): Promise<void> {
  if (answer.status === 200) return;
  throw new Error(
    `${what} on ${server.url} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`,
  );
}

/** Runs `authors.<operation>` of `authorId` through HTTP and waits until it is done. */
async function apiCall(server: ServerProcess, operation: Operation, authorId: number): Promise<void> {
  const what = `authors.${operation}`;
  const answer = await callJson('POST', `${server.url}/trpc/${what}`, STAFF_TOKEN, { id: authorId });
  await waitUntilDone(server, answer, what);
}

/** Whether `work` settles within `ms`; its failure is thrown, unless it comes after the limit. */
async function withinLimit(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
    work.catch(() => {});
  }
}

/** Ends the killed server's database sessions and waits until they are gone (rolled back). */
async function endServerSessions(db: Kysely<Database>): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and application_name = ${SERVER_APPLICATION_NAME}
    `.execute(db);
    if (rows[0]?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts a fresh server, warms it up (a delete and a restore of the tiny warm-up author: routes,
 * JIT, pool connections, relation graph), then measures one operation on the measured author.
 * An operation that outlives `limitMs` is ended (server killed, its sessions terminated, so its
 * transaction rolls back) and counted as `limitMs`.
 */
async function measureApi(
  db: Kysely<Database>,
  databaseUrl: string,
  dataset: ScaleDataset,
  operation: Operation,
  limitMs: number,
): Promise<ApiMeasure> {
  const server = await startServerProcess(databaseUrl);
  let finished = true;
  try {
    await apiCall(server, 'delete', dataset.warmUpAuthorId);
    await apiCall(server, 'restore', dataset.warmUpAuthorId);
    await assertTree(db, dataset.warmUpAuthorId, 4, false, 'warm-up');
    const before = await server.rss();
    const sampler = server.sampleRss(50);
    const start = performance.now();
    finished = await withinLimit(apiCall(server, operation, dataset.authorId), limitMs);
    const ms = finished ? performance.now() - start : limitMs;
    const peak = await sampler.stop();
    if (finished) {
      await assertTree(db, dataset.authorId, dataset.rows, operation === 'delete', `API ${operation}`);
    }
    return { ms, rssGrowth: peak - before, finished };
  } finally {
    if (finished) {
      await server.close();
    } else {
      await server.kill();
      await endServerSessions(db);
    }
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
  console.log(
    `scale ${shape.label}: hand-written delete ${seconds(deleteMs)}, restore ${seconds(restoreMs)}`,
  );
  return { delete: deleteMs, restore: restoreMs };
}

const NOT_RUN: ApiMeasure = { ms: Number.NaN, rssGrowth: Number.NaN, finished: false };

async function measureTombstone(
  db: Kysely<Database>,
  databaseUrl: string,
  scale: ScaleCase,
): Promise<Record<Operation, ApiMeasure>> {
  const dataset = await seedScale(db, scale);
  const deleted = await measureApi(db, databaseUrl, dataset, 'delete', scale.limitMs);
  console.log(`scale ${scale.label}: API delete ${shown(deleted)}`);
  if (!deleted.finished) return { delete: deleted, restore: NOT_RUN };
  await settle(db);
  // The restore starts from what the API's delete left: its rows and its audit entries.
  const restored = await measureApi(db, databaseUrl, dataset, 'restore', scale.limitMs);
  console.log(`scale ${scale.label}: API restore ${shown(restored)}`);
  return { delete: deleted, restore: restored };
}

/** `rounds` rounds of both sides; which side goes first alternates, so drift hits both alike. */
async function measureCase(db: Kysely<Database>, databaseUrl: string, scale: ScaleCase): Promise<Round[]> {
  const results: Round[] = [];
  console.log(
    `scale ${scale.label}: ${rowsOf(scale).toLocaleString('en-US')} rows, ${scale.rounds} round(s)`,
  );
  for (let round = 0; round < scale.rounds; round++) {
    if (round % 2 === 0) {
      const api = await measureTombstone(db, databaseUrl, scale);
      results.push({ api, handWritten: await measureHandWritten(db, scale) });
    } else {
      const handWritten = await measureHandWritten(db, scale);
      results.push({ api: await measureTombstone(db, databaseUrl, scale), handWritten });
    }
  }
  return results;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => (bytes / MIB).toFixed(1);

function shown(measure: ApiMeasure): string {
  if (Number.isNaN(measure.ms)) return 'not run';
  const time = measure.finished ? seconds(measure.ms) : `> ${seconds(measure.ms)} (did not finish: ended)`;
  return `${time}, server RSS +${mib(measure.rssGrowth)} MiB`;
}

/** The median, or `NaN` when a value is missing (an operation that could not run). */
const medianOf = (values: number[]) => (values.some(Number.isNaN) ? Number.NaN : median(values));

/** What the detail of a line says when an operation hit the time limit (its time is a lower bound). */
function unfinishedNote(rounds: Round[], operations: Operation[]): string {
  const ended = rounds.flatMap((r) => operations.map((o) => r.api[o])).filter((m) => !m.finished);
  return ended.length > 0 ? `; ${ended.length} API operation(s) did not finish: a lower bound, or NaN` : '';
}

/** API time ÷ hand-written time of one operation (median of the rounds' pairs), with the numbers. */
function timeRatio(rounds: Round[], operation: Operation, scale: ScaleCase): BenchResult {
  const api = medianOf(rounds.map((r) => r.api[operation].ms));
  const handWritten = median(rounds.map((r) => r.handWritten[operation]));
  return {
    area: 'scale',
    name: `${operation}-${scale.label}`,
    // Paired ratios, like the other benches: each pair ran back to back.
    ratio: medianOf(rounds.map((r) => r.api[operation].ms / r.handWritten[operation])),
    target: 1,
    detail:
      `API ${seconds(api)} vs hand-written ${seconds(handWritten)}, ${rowsOf(scale).toLocaleString('en-US')} rows, ` +
      `median of ${rounds.length} (postgres)${unfinishedNote(rounds, [operation])}`,
  };
}

/** Median API time (delete + restore) per row, in µs. */
function microsPerRow(rounds: Round[], scale: ScaleCase): number {
  return (medianOf(rounds.map((r) => r.api.delete.ms + r.api.restore.ms)) * 1000) / rowsOf(scale);
}

/** The largest RSS growth of the server over every API operation measured. */
function maxGrowth(rounds: Round[]): number {
  const growths = rounds.flatMap((r) => [r.api.delete.rssGrowth, r.api.restore.rssGrowth]);
  return Math.max(...growths.filter((g) => !Number.isNaN(g)));
}

/** Whether the million-row case was asked for: `BENCH_SCALE=1m` (unset or `100k`: 100k only). */
function millionRequested(): boolean {
  const asked = (env.BENCH_SCALE ?? '100k').toLowerCase();
  if (asked !== '100k' && asked !== '1m') {
    throw new Error(`BENCH_SCALE=${env.BENCH_SCALE}: expected 100k or 1m`);
  }
  return asked === '1m';
}

export async function run(): Promise<BenchResult[]> {
  const million = millionRequested();
  if (!env.DATABASE_URL) {
    console.log('scale: skipped, the scale benches need DATABASE_URL (PostgreSQL)');
    return [];
  }
  const test = await openTestDatabase<Database>('postgres', { migrations });
  try {
    const url = test.url as string;
    const small = await measureCase(test.db, url, CASES['100k']);
    const results: BenchResult[] = [
      timeRatio(small, 'delete', CASES['100k']),
      timeRatio(small, 'restore', CASES['100k']),
    ];
    console.log(`scale 100k: server RSS growth at most ${mib(maxGrowth(small))} MiB`);
    if (!million) return results;

    const large = await measureCase(test.db, url, CASES['1m']);
    const growth = maxGrowth(large);
    console.log(`scale 1m: server RSS growth at most ${mib(growth)} MiB (budget ${mib(RSS_BUDGET)} MiB)`);
    const perRowSmall = microsPerRow(small, CASES['100k']);
    const perRowLarge = microsPerRow(large, CASES['1m']);
    results.push(
      timeRatio(large, 'delete', CASES['1m']),
      timeRatio(large, 'restore', CASES['1m']),
      {
        area: 'scale',
        name: 'rss-1m',
        ratio: growth / RSS_BUDGET,
        target: 1,
        detail: `server RSS growth ${mib(growth)} MiB (largest of the API operations, peak − before) ÷ 64 MiB${unfinishedNote(large, ['delete', 'restore'])}`,
      },
      {
        area: 'scale',
        name: 'per-row-1m',
        ratio: perRowLarge / perRowSmall,
        target: 1.3,
        detail:
          `API delete + restore ${perRowLarge.toFixed(2)} µs/row at 1,001,001 rows vs ${perRowSmall.toFixed(2)} µs/row ` +
          `at 100,173${unfinishedNote([...small, ...large], ['delete', 'restore'])}`,
      },
    );
    return results;
  } finally {
    await test.destroy();
  }
}
