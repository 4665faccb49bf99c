/**
 * Lifecycle costs, each a median of paired ratios (subject and baseline back to back, order
 * alternating, on identical freshly seeded data):
 *
 * - `hooks-off`: the generated `bulkDelete` (100 articles × 100 comments cascading) with
 *   nothing configured, versus the same call on a tombstone without a lifecycle at all — what
 *   the procedures did before hooks and the outbox existed (the only difference left is the
 *   `active` check);
 * - `outbox-cascade-10k`: `softDeleteRows` of one author cascading to 10,100 rows with the
 *   outbox on (one event per table, built from the batch's audit entries) versus off;
 * - `outbox-bulk-10k`: `softDeleteRows` of 10,000 comment ids with the outbox on versus off.
 */
import { initTRPC } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { loadRelationGraph } from '../src/cascade/load-relation-graph.js';
import type { RelationGraph } from '../src/cascade/relation-graph.js';
import { softDeleteRows } from '../src/cascade/soft-delete-rows.js';
import { Lifecycle } from '../src/lifecycle/lifecycle.js';
import { tombstoneOutboxMigration } from '../src/outbox/outbox-migration.js';
import { writeOutboxEvents } from '../src/outbox/write-outbox.js';
import { softDeleteProcedures } from '../src/procedures/soft-delete-procedures.js';
import { createTombstone, type Tombstone } from '../src/procedures/tombstone.js';
import type { Database } from '../src/reference/db/database.js';
import { softDeleteTables } from '../src/reference/routers/soft-delete-tables.js';
import { openBenchDatabase } from './bench-database.js';
import { type BenchResult, median } from './report.js';

const ROUNDS = 9;

async function seed(db: Kysely<Database>, articles: number, comments: number): Promise<number> {
  await sql`truncate author, category, article, comment, api_token, tombstone_deletion, tombstone_event restart identity cascade`.execute(
    db,
  );
  const author = await db
    .insertInto('author')
    .values({ name: 'bench', email: 'bench@example.com' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`insert into article (author_id, title, slug, content)
    select ${author.id}, 'A' || n, 'bench-' || n, '' from generate_series(1, ${articles}::int) n`.execute(db);
  await sql`insert into comment (article_id, author_id, body)
    select a.id, ${author.id}, 'C' || n from article a, generate_series(1, ${comments}::int) n`.execute(db);
  await sql`analyze author, article, comment, tombstone_deletion, tombstone_event`.execute(db);
  return author.id;
}

/** Median of paired ratios subject/baseline; each pair on freshly seeded data. */
async function paired(
  prepare: () => Promise<void>,
  subject: () => Promise<void>,
  baseline: () => Promise<void>,
  rounds = ROUNDS,
): Promise<{ ratio: number; subjectMs: number; baselineMs: number }> {
  const s: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let round = -3; round < rounds; round++) {
    const order = round % 2 === 0 ? [true, false] : [false, true];
    for (const isSubject of order) {
      await prepare();
      const start = performance.now();
      await (isSubject ? subject() : baseline());
      const ms = performance.now() - start;
      if (round >= 0) (isSubject ? s : b).push(ms);
    }
    if (round >= 0) ratios.push((s.at(-1) as number) / (b.at(-1) as number));
  }
  return { ratio: median(ratios), subjectMs: median(s), baselineMs: median(b) };
}

const t = initTRPC.context<{ db: Kysely<Database>; tombstone: Tombstone }>().create();
const router = t.router({
  articles: softDeleteProcedures({
    t,
    table: 'article',
    softDelete: { column: 'is_deleted', kind: 'boolean' },
    schemas: {
      row: z.looseObject({}),
      create: z.looseObject({}),
      patch: z.looseObject({}),
      filter: z.strictObject({}),
    },
    maxBulkIds: 100_000,
  }),
});

export async function run(): Promise<BenchResult[]> {
  const bench = await openBenchDatabase();
  const { db } = bench;
  try {
    await tombstoneOutboxMigration.up(db as Kysely<unknown>);
    const graph: RelationGraph = await loadRelationGraph(db, softDeleteTables);
    const withOutbox = new Lifecycle({}, new Map(), writeOutboxEvents);
    const results: BenchResult[] = [];

    // hooks-off: the procedure with an inactive lifecycle vs none at all.
    const tombstone = await createTombstone(db, router, { logger: { warn: () => {} }, advisor: false });
    const { lifecycle: _lifecycle, ...bare } = tombstone;
    const articleIds = Array.from({ length: 100 }, (_, i) => i + 1);
    const off = await paired(
      async () => void (await seed(db, 100, 100)),
      async () =>
        void (await router.createCaller({ db, tombstone }).articles.bulkDelete({ ids: articleIds })),
      async () =>
        void (await router
          .createCaller({ db, tombstone: bare as unknown as Tombstone })
          .articles.bulkDelete({ ids: articleIds })),
      31, // identical work but for one check: many short rounds, so the median settles
    );
    results.push({
      area: 'lifecycle',
      name: 'hooks-off',
      ratio: off.ratio,
      target: 1.05,
      detail: `bulkDelete of 100 articles (10,100 rows) with hooks and outbox off ${off.subjectMs.toFixed(1)} ms vs without a lifecycle ${off.baselineMs.toFixed(1)} ms (${bench.label})`,
    });

    // outbox-cascade-10k
    const author = { id: 0 };
    const cascade = (outbox: boolean) => () =>
      db.transaction().execute(async (trx) => {
        const outcome = await softDeleteRows(trx, graph, {
          table: 'author',
          ids: [author.id],
          actorId: null,
          statements: outbox,
        });
        if (outbox && outcome.statements && outcome.batchId) {
          await withOutbox.run(trx, 'delete', outcome.batchId, null, outcome.statements);
        }
      });
    const c = await paired(
      async () => {
        author.id = await seed(db, 100, 100);
      },
      cascade(true),
      cascade(false),
    );
    results.push({
      area: 'lifecycle',
      name: 'outbox-cascade-10k',
      ratio: c.ratio,
      target: 1.2,
      detail: `cascade of 10,101 rows with the outbox ${c.subjectMs.toFixed(1)} ms vs without ${c.baselineMs.toFixed(1)} ms (${bench.label})`,
    });

    // outbox-bulk-10k
    const commentIds = Array.from({ length: 10_000 }, (_, i) => i + 1);
    const bulk = (outbox: boolean) => () =>
      db.transaction().execute(async (trx) => {
        const outcome = await softDeleteRows(trx, graph, {
          table: 'comment',
          ids: commentIds,
          actorId: null,
          statements: outbox,
        });
        if (outbox && outcome.statements && outcome.batchId) {
          await withOutbox.run(trx, 'delete', outcome.batchId, null, outcome.statements);
        }
      });
    const b = await paired(async () => void (await seed(db, 100, 100)), bulk(true), bulk(false));
    results.push({
      area: 'lifecycle',
      name: 'outbox-bulk-10k',
      ratio: b.ratio,
      target: 1.2,
      detail: `bulk delete of 10,000 ids with the outbox ${b.subjectMs.toFixed(1)} ms vs without ${b.baselineMs.toFixed(1)} ms (${bench.label})`,
    });
    return results;
  } finally {
    await bench.close();
  }
}
