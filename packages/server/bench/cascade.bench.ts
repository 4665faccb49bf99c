/**
 * Cascade-delete of one author with 100 articles × 100 comments (10,000 comments) through
 * `softDeleteRows` (row locks, level-by-level set-based UPDATEs, RESTRICT checks, one grouped
 * audit entry per statement)
 * versus three hand-written set-based UPDATEs on identical, freshly seeded data in the same run;
 * and the number of SQL statements at 100 and at 10,000 rows, counted by a Kysely plugin.
 */
import {
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import { loadRelationGraph } from '../src/cascade/load-relation-graph.js';
import type { RelationGraph } from '../src/cascade/relation-graph.js';
import { softDeleteRows } from '../src/cascade/soft-delete-rows.js';
import type { Database } from '../src/reference/db/database.js';
import { softDeleteTables } from '../src/reference/routers/soft-delete-tables.js';
import { openBenchDatabase } from './bench-database.js';
import { type BenchResult, median } from './report.js';

const ROUNDS = 11;

/** Counts the statements Kysely sends (raw `sql` included); `begin`/`commit` are not counted. */
class StatementCounter implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** Empties the tables and seeds one author with `articles` articles of `comments` comments each. */
async function seed(db: Kysely<Database>, articles: number, comments: number): Promise<number> {
  await sql`truncate author, category, article, comment, api_token, tombstone_deletion restart identity cascade`.execute(
    db,
  );
  const author = await db
    .insertInto('author')
    .values({ name: 'bench', email: 'bench@example.com' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into article (author_id, title, slug, content)
    select ${author.id}, 'Article ' || n, 'bench-' || n, 'content' from generate_series(1, ${articles}::int) n
  `.execute(db);
  await sql`
    insert into comment (article_id, author_id, body)
    select a.id, ${author.id}, 'Comment ' || n from article a, generate_series(1, ${comments}::int) n
  `.execute(db);
  await sql`analyze author, article, comment, tombstone_deletion`.execute(db);
  return author.id;
}

/** Runs `fn` in a transaction and returns its wall time in ms. */
async function timed(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<void>): Promise<number> {
  const start = performance.now();
  await db.transaction().execute(fn);
  return performance.now() - start;
}

async function cascade(db: Kysely<Database>, graph: RelationGraph, authorId: number, expected: number) {
  const outcome = await softDeleteRows(db, graph, { table: 'author', ids: [authorId], actorId: null });
  const total = (outcome.cascaded.article ?? 0) + (outcome.cascaded.comment ?? 0);
  if (outcome.deleted.length !== 1 || total !== expected) {
    throw new Error(`softDeleteRows deleted ${outcome.deleted.length} author(s) and ${total} rows`);
  }
}

/** The baseline: what a developer would write by hand for this schema. */
async function handWritten(trx: Kysely<Database>, authorId: number): Promise<void> {
  await sql`update author set is_deleted = true where id = ${authorId} and not is_deleted`.execute(trx);
  await sql`update article set is_deleted = true where author_id = ${authorId} and not is_deleted`.execute(
    trx,
  );
  await sql`
    update comment set is_deleted = true
    where article_id in (select id from article where author_id = ${authorId}) and not is_deleted
  `.execute(trx);
}

async function countStatements(
  db: Kysely<Database>,
  graph: RelationGraph,
  articles: number,
  comments: number,
): Promise<number> {
  const authorId = await seed(db, articles, comments);
  const counter = new StatementCounter();
  const counted = db.withPlugin(counter);
  await counted.transaction().execute((trx) => cascade(trx, graph, authorId, articles * (comments + 1)));
  return counter.count;
}

export async function run(): Promise<BenchResult[]> {
  const bench = await openBenchDatabase();
  const { db } = bench;
  try {
    const graph = await loadRelationGraph(db, softDeleteTables);

    // 1 author, 10 articles × 9 comments ≈ 100 rows; 1 author, 100 × 100 = 10,000 comments.
    const small = await countStatements(db, graph, 10, 9);
    const large = await countStatements(db, graph, 100, 100);

    const subject: number[] = [];
    const baseline: number[] = [];
    const ratios: number[] = [];
    for (let round = -1; round < ROUNDS; round++) {
      // Alternate which goes first, so drift in the machine hits both alike; round -1 warms up.
      const order = round % 2 === 0 ? ['subject', 'baseline'] : ['baseline', 'subject'];
      for (const which of order) {
        const authorId = await seed(db, 100, 100);
        if (which === 'subject') {
          const ms = await timed(db, (trx) => cascade(trx, graph, authorId, 100 * 101));
          if (round >= 0) subject.push(ms);
        } else {
          const ms = await timed(db, (trx) => handWritten(trx, authorId));
          if (round >= 0) baseline.push(ms);
        }
      }
      if (round >= 0) ratios.push((subject.at(-1) as number) / (baseline.at(-1) as number));
    }
    const subjectMs = median(subject);
    const baselineMs = median(baseline);
    return [
      {
        area: 'cascade',
        name: 'statements',
        ratio: large / small,
        target: 1,
        detail: `${small} statements at ~100 rows, ${large} at 10,100 rows (${bench.label})`,
      },
      {
        area: 'cascade',
        name: 'delete-10k',
        // The median of paired ratios: each pair ran back to back, so a busy moment hits both.
        ratio: median(ratios),
        target: 1.5,
        detail: `softDeleteRows ${subjectMs.toFixed(1)} ms vs hand-written UPDATEs ${baselineMs.toFixed(1)} ms, median of ${ROUNDS} (${bench.label})`,
      },
    ];
  } finally {
    await bench.close();
  }
}
