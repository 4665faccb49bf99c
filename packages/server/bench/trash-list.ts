/**
 * `list.trash-90`: the first page of `articles.list` (through the procedure, as the API serves
 * it) on a table of 100,000 articles whose oldest 90 % are soft-deleted, versus the same page on
 * a table holding only the 10,000 live rows. Without a partial index on live rows in list order
 * the first has to skip 90,000 deleted rows; with migration 0003's the two read the same.
 */
import { type Kysely, sql } from 'kysely';
import { createTombstone } from '../src/procedures/tombstone.js';
import type { Database } from '../src/reference/db/database.js';
import { appRouter } from '../src/reference/routers/app-router.js';
import type { BenchResult } from './report.js';
import { median } from './report.js';

const TOTAL = 100_000;
const LIVE = 10_000;
const SAMPLES = 400;

async function fill(db: Kysely<Database>, deletedFirst: number, total: number): Promise<void> {
  await sql`truncate author, category, article, comment, api_token, tombstone_deletion restart identity cascade`.execute(
    db,
  );
  await sql`insert into author (name, email, is_staff) values ('bench', 'bench@example.com', true)`.execute(
    db,
  );
  await sql`
    insert into article (author_id, title, slug, content, is_deleted)
    select 1, 'Article ' || n, 'trash-' || n, 'content', n <= ${deletedFirst}
    from generate_series(1, ${total}::int) as n
  `.execute(db);
  await sql`vacuum analyze article`.execute(db);
}

async function pageMicros(db: Kysely<Database>): Promise<number> {
  const tombstone = await createTombstone(db, appRouter);
  const caller = appRouter.createCaller({ db, tombstone, user: null, hasToken: false });
  for (let i = 0; i < 20; i++) await caller.articles.list({ limit: 20 });
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    const page = await caller.articles.list({ limit: 20 });
    times.push(Number(process.hrtime.bigint() - start) / 1000);
    if (page.items.length !== 20) throw new Error(`a page of ${page.items.length} rows`);
  }
  return median(times);
}

/** Rounds of the pair: the two tables are filled and measured alternately, so drift hits both. */
const ROUNDS = 3;

/**
 * The ratio of the first list page with 90 % of the table in the trash to the same page without:
 * the median of {@link ROUNDS} paired ratios, each table filled anew for every measurement.
 */
export async function trashListRatio(db: Kysely<Database>, label: string): Promise<BenchResult> {
  const ratios: number[] = [];
  const withTrash: number[] = [];
  const liveOnly: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const measure = async (trash: boolean) => {
      await fill(db, trash ? TOTAL - LIVE : 0, trash ? TOTAL : LIVE);
      return pageMicros(db);
    };
    // Which table goes first alternates.
    const first = round % 2 === 0;
    const a = await measure(first);
    const b = await measure(!first);
    const [trash, live] = first ? [a, b] : [b, a];
    withTrash.push(trash);
    liveOnly.push(live);
    ratios.push(trash / live);
  }
  return {
    area: 'list',
    name: 'trash-90',
    ratio: median(ratios),
    target: 1.2,
    detail:
      `${label}: first page ${median(withTrash).toFixed(0)} µs with 90,000 deleted rows, ` +
      `${median(liveOnly).toFixed(0)} µs without (median of ${ROUNDS} paired rounds)`,
  };
}
