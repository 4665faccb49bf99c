/**
 * Kysely `compile()` with the soft-delete plugin versus the same query with its predicates
 * written by hand (same SQL, asserted), per query shape. The plugin's cost is the ratio's excess.
 */
import { type Compilable, type Kysely, sql } from 'kysely';
import { softDeletePlugin } from '../src/plugin/soft-delete-plugin.js';
import type { Database } from '../src/reference/db/database.js';
import { softDeleteTables } from '../src/reference/routers/soft-delete-tables.js';
import { compilingDatabase } from '../src/testing/compiling-database.js';
import { type BenchResult, timeSync } from './report.js';

/** Each shape: the query as application code writes it, and the same query filtered by hand. */
function shapes(db: Kysely<Database>, plain: Kysely<Database>): Array<[string, Compilable, Compilable]> {
  return [
    [
      'select',
      db.selectFrom('article').select(['id', 'title']).where('author_id', '=', 1).orderBy('id').limit(20),
      plain
        .selectFrom('article')
        .select(['id', 'title'])
        .where('author_id', '=', 1)
        .where((eb) => eb('article.is_deleted', '=', eb.lit(false)))
        .orderBy('id')
        .limit(20),
    ],
    [
      'alias',
      db.selectFrom('article as a').select(['a.id', 'a.title']).where('a.slug', '=', 'x'),
      plain
        .selectFrom('article as a')
        .select(['a.id', 'a.title'])
        .where('a.slug', '=', 'x')
        .where((eb) => eb('a.is_deleted', '=', eb.lit(false))),
    ],
    [
      'inner_join',
      db
        .selectFrom('article')
        .innerJoin('author', 'author.id', 'article.author_id')
        .select(['article.id', 'author.name'])
        .where('article.id', '=', 1),
      plain
        .selectFrom('article')
        .innerJoin('author', (j) =>
          j
            .onRef('author.id', '=', 'article.author_id')
            .on((eb) => eb('author.is_deleted', '=', eb.lit(false))),
        )
        .select(['article.id', 'author.name'])
        .where('article.id', '=', 1)
        .where((eb) => eb('article.is_deleted', '=', eb.lit(false))),
    ],
    [
      'left_join',
      db
        .selectFrom('article')
        .leftJoin('comment', 'comment.article_id', 'article.id')
        .leftJoin('category', 'category.id', 'article.category_id')
        .select(['article.id', 'comment.body', 'category.name']),
      plain
        .selectFrom('article')
        .leftJoin('comment', (j) =>
          j
            .onRef('comment.article_id', '=', 'article.id')
            .on((eb) => eb('comment.is_deleted', '=', eb.lit(false))),
        )
        .leftJoin('category', (j) =>
          j.onRef('category.id', '=', 'article.category_id').on('category.deleted_at', 'is', null),
        )
        .select(['article.id', 'comment.body', 'category.name'])
        .where((eb) => eb('article.is_deleted', '=', eb.lit(false))),
    ],
    [
      'subquery_where',
      db
        .selectFrom('author')
        .select(['id', 'name'])
        .where((eb) =>
          eb.exists(
            eb.selectFrom('article').select('article.id').whereRef('article.author_id', '=', 'author.id'),
          ),
        ),
      plain
        .selectFrom('author')
        .select(['id', 'name'])
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('article')
              .select('article.id')
              .whereRef('article.author_id', '=', 'author.id')
              .where((eb) => eb('article.is_deleted', '=', eb.lit(false))),
          ),
        )
        .where((eb) => eb('author.is_deleted', '=', eb.lit(false))),
    ],
    [
      'cte',
      db
        .with('recent', (qb) => qb.selectFrom('article').select(['id', 'title']).where('id', '>', 10))
        .selectFrom('recent')
        .innerJoin('comment', 'comment.article_id', 'recent.id')
        .select(['recent.title', 'comment.body']),
      plain
        .with('recent', (qb) =>
          qb
            .selectFrom('article')
            .select(['id', 'title'])
            .where('id', '>', 10)
            .where((eb) => eb('article.is_deleted', '=', eb.lit(false))),
        )
        .selectFrom('recent')
        .innerJoin('comment', (j) =>
          j
            .onRef('comment.article_id', '=', 'recent.id')
            .on((eb) => eb('comment.is_deleted', '=', eb.lit(false))),
        )
        .select(['recent.title', 'comment.body']),
    ],
    [
      'union',
      db
        .selectFrom('article')
        .select(['id', 'title as text'])
        .union((eb) => eb.selectFrom('comment').select(['id', 'body as text'])),
      plain
        .selectFrom('article')
        .select(['id', 'title as text'])
        .where((eb) => eb('article.is_deleted', '=', eb.lit(false)))
        .union((eb) =>
          eb
            .selectFrom('comment')
            .select(['id', 'body as text'])
            .where((eb) => eb('comment.is_deleted', '=', eb.lit(false))),
        ),
    ],
    [
      'update',
      db.updateTable('article').set({ title: 'new' }).where('id', '=', 1).returning('id'),
      plain
        .updateTable('article')
        .set({ title: 'new' })
        .where('id', '=', 1)
        .where((eb) => eb('article.is_deleted', '=', eb.lit(false)))
        .returning('id'),
    ],
    [
      'update_from',
      db
        .updateTable('article')
        .from('author')
        .set({ title: 'new' })
        .whereRef('article.author_id', '=', 'author.id')
        .where('author.is_staff', '=', true),
      plain
        .updateTable('article')
        .from('author')
        .set({ title: 'new' })
        .whereRef('article.author_id', '=', 'author.id')
        .where('author.is_staff', '=', true)
        .where((eb) => eb('article.is_deleted', '=', eb.lit(false)))
        .where((eb) => eb('author.is_deleted', '=', eb.lit(false))),
    ],
    [
      'insert_select',
      db
        .insertInto('comment')
        .columns(['article_id', 'body'])
        .expression((eb) => eb.selectFrom('article').select(['id', sql.lit('first!').as('body')])),
      plain
        .insertInto('comment')
        .columns(['article_id', 'body'])
        .expression((eb) =>
          eb
            .selectFrom('article')
            .select(['id', sql.lit('first!').as('body')])
            .where((eb) => eb('article.is_deleted', '=', eb.lit(false))),
        ),
    ],
    [
      'delete_using',
      db.deleteFrom('comment').using('article').whereRef('comment.article_id', '=', 'article.id'),
      plain
        .deleteFrom('comment')
        .using('article')
        .whereRef('comment.article_id', '=', 'article.id')
        .where((eb) => eb('article.is_deleted', '=', eb.lit(false))),
    ],
    [
      // A raw condition with OR: the plugin brackets it before adding its predicate.
      'raw_or',
      db
        .selectFrom('article')
        .select(['id', 'title'])
        .where(sql<boolean>`title ilike ${'%x%'} or content ilike ${'%x%'}`),
      plain
        .selectFrom('article')
        .select(['id', 'title'])
        .where(sql<boolean>`(title ilike ${'%x%'} or content ilike ${'%x%'})`)
        .where((eb) => eb('article.is_deleted', '=', eb.lit(false))),
    ],
    [
      // `withSchema`: WithSchemaPlugin qualifies every table and reference before the plugin runs.
      // By hand the predicates are raw, as WithSchemaPlugin would qualify a built reference.
      'schema_join',
      db
        .withSchema('public')
        .selectFrom('article')
        .innerJoin('author', 'author.id', 'article.author_id')
        .leftJoin('comment', 'comment.article_id', 'article.id')
        .select(['article.id', 'author.name', 'comment.body']),
      plain
        .withSchema('public')
        .selectFrom('article')
        .innerJoin('author', (j) =>
          j.onRef('author.id', '=', 'article.author_id').on(sql<boolean>`"author"."is_deleted" = false`),
        )
        .leftJoin('comment', (j) =>
          j.onRef('comment.article_id', '=', 'article.id').on(sql<boolean>`"comment"."is_deleted" = false`),
        )
        .select(['article.id', 'author.name', 'comment.body'])
        .where(sql<boolean>`"article"."is_deleted" = false`),
    ],
    [
      // Touches no configured table: the baseline is the same query without the plugin.
      'no_table',
      db
        .selectFrom('api_token')
        .innerJoin('tombstone_deletion', 'tombstone_deletion.actor_id', 'api_token.author_id')
        .select(['api_token.id', 'tombstone_deletion.batch_id'])
        .where('api_token.token_hash', '=', 'x'),
      plain
        .selectFrom('api_token')
        .innerJoin('tombstone_deletion', 'tombstone_deletion.actor_id', 'api_token.author_id')
        .select(['api_token.id', 'tombstone_deletion.batch_id'])
        .where('api_token.token_hash', '=', 'x'),
    ],
  ];
}

/** Passes over all shapes before any is measured. */
const WARMUP_PASSES = 25;

/**
 * Runs `subject` and `baseline` alternately in short batches and keeps the fastest batch of
 * each. Other processes on the machine only ever add time, so the fastest batch is the best
 * estimate of a sub-10 µs call's own cost; a median drifts with the machine's load.
 */
function fastest(
  subject: () => unknown,
  baseline: () => unknown,
  { iterations = 1000, rounds = 60 } = {},
): { subjectUs: number; baselineUs: number; ratio: number } {
  let subjectUs = Number.POSITIVE_INFINITY;
  let baselineUs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    subjectUs = Math.min(subjectUs, timeSync(subject, iterations));
    baselineUs = Math.min(baselineUs, timeSync(baseline, iterations));
  }
  return { subjectUs, baselineUs, ratio: subjectUs / baselineUs };
}

export async function run(): Promise<BenchResult[]> {
  const db = compilingDatabase<Database>([softDeletePlugin<Database>({ tables: softDeleteTables })]);
  const plain = compilingDatabase<Database>([]);
  const results: BenchResult[] = [];
  const all = shapes(db, plain);
  for (const [name, subject, baseline] of all) {
    const [got, want] = [subject.compile().sql, baseline.compile().sql];
    if (got !== want)
      throw new Error(`bench plugin.${name}: the SQL differs\n  plugin: ${got}\n  hand:   ${want}`);
  }
  // Steady state first: every shape, both ways, until the JIT has seen them all. Measured one
  // after the other from cold, a late shape would also pay for V8 re-optimizing the code paths
  // the earlier shapes made polymorphic, which no long-running server pays.
  for (let pass = 0; pass < WARMUP_PASSES; pass++) {
    for (const [, subject, baseline] of all) {
      timeSync(() => subject.compile(), 200);
      timeSync(() => baseline.compile(), 200);
    }
  }
  for (const [name, subject, baseline] of all) {
    const { subjectUs, baselineUs, ratio } = fastest(
      () => subject.compile(),
      () => baseline.compile(),
    );
    results.push({
      area: 'plugin',
      name,
      ratio,
      target: 1.25,
      detail: `${subjectUs.toFixed(2)} µs with the plugin, ${baselineUs.toFixed(2)} µs by hand`,
    });
  }
  return results;
}
