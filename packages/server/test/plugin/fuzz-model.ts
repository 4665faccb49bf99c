/**
 * The model behind the differential fuzz tests: random data with deleted rows, and random
 * statements over the reference schema (aliases, joins of every kind, subqueries, CTEs, set
 * operations, OR filters), built with Kysely so that the plugin sees them as an application's.
 */
import fc from 'fast-check';
import { type Expression, expressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../src/reference/db/database.js';

/** Data sets per fuzz run: `FC_RUNS`, default 100. */
export const WORLDS = Number(process.env.FC_RUNS ?? 100);

/** fast-check's options for a fuzz run: `WORLDS` runs, and `FC_SEED` to replay a printed failure. */
export const FUZZ_OPTIONS: fc.Parameters<unknown> = {
  numRuns: WORLDS,
  ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }),
  verbose: 1,
};

// Queries are assembled at run time from generated names, beyond what Kysely's types can follow.
// biome-ignore lint/suspicious/noExplicitAny: see above.
export type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: see above.
export type AnyBuilder = any;

export type Table = 'author' | 'category' | 'article' | 'comment';
export const TABLES: readonly Table[] = ['author', 'category', 'article', 'comment'];
/** Every source exposes two integer columns: `id`, and `ref` (the table's main foreign key). */
export const REF: Record<Table, string> = {
  author: 'id',
  category: 'id',
  article: 'author_id',
  comment: 'article_id',
};
export type Column = 'id' | 'ref';
type Op = '=' | '<' | '>' | '<>';

/** `select id, <ref> as ref from <table> as x where …`: a subquery, derived table or CTE body. */
export interface Sub {
  table: Table;
  filters: Filter[];
}
export type Filter =
  | { kind: 'compare'; source: number; column: Column; op: Op; value: number }
  | { kind: 'null'; source: number; column: Column; not: boolean }
  | { kind: 'in'; source: number; column: Column; sub: Sub }
  | { kind: 'exists'; source: number; column: Column; sub: Sub }
  | { kind: 'or'; left: Filter; right: Filter };
export type Source =
  | { kind: 'table'; table: Table }
  | { kind: 'sub'; sub: Sub }
  | { kind: 'cte'; index: number };
type JoinType = 'inner' | 'left' | 'right' | 'full' | 'lateral';
interface Join {
  type: JoinType;
  source: Source;
  /** For lateral joins: the subquery correlated with an earlier source. */
  lateral: Sub;
  column: Column;
  other: number;
  otherColumn: Column;
}
interface Select {
  from: Source[];
  joins: Join[];
  where: Filter[];
  out: Array<[number, Column]>;
}
export interface Query {
  ctes: Sub[];
  main: Select;
  setOperation: { op: 'union' | 'union all' | 'intersect' | 'except'; other: Select } | null;
}

export const table = fc.constantFrom(...TABLES);
export const column = fc.constantFrom<Column>('id', 'ref');
const leafFilter: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    kind: fc.constant('compare' as const),
    source: fc.nat(7),
    column,
    op: fc.constantFrom<Op>('=', '<', '>', '<>'),
    value: fc.integer({ min: 0, max: 6 }),
  }),
  fc.record({ kind: fc.constant('null' as const), source: fc.nat(7), column, not: fc.boolean() }),
);
export const simpleSub: fc.Arbitrary<Sub> = fc.record({
  table,
  filters: fc.array(leafFilter, { maxLength: 2 }),
});
export const { filter } = fc.letrec<{ filter: Filter; sub: Sub }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafFilter,
    fc.record({
      kind: fc.constant('in' as const),
      source: fc.nat(7),
      column,
      sub: tie('sub') as fc.Arbitrary<Sub>,
    }),
    fc.record({
      kind: fc.constant('exists' as const),
      source: fc.nat(7),
      column,
      sub: tie('sub') as fc.Arbitrary<Sub>,
    }),
    fc.record({
      kind: fc.constant('or' as const),
      left: tie('filter') as fc.Arbitrary<Filter>,
      right: tie('filter') as fc.Arbitrary<Filter>,
    }),
  ),
  sub: fc.record({ table, filters: fc.array(tie('filter') as fc.Arbitrary<Filter>, { maxLength: 2 }) }),
}));
export const source: fc.Arbitrary<Source> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('table' as const), table }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sub' as const), sub: simpleSub }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cte' as const), index: fc.nat(3) }) },
);
const join: fc.Arbitrary<Join> = fc.record({
  type: fc.constantFrom<JoinType>('inner', 'left', 'right', 'full', 'lateral'),
  source,
  lateral: simpleSub,
  column,
  other: fc.nat(7),
  otherColumn: column,
});
const select: fc.Arbitrary<Select> = fc.record({
  from: fc.array(source, { minLength: 1, maxLength: 2 }),
  joins: fc.array(join, { maxLength: 3 }),
  where: fc.array(filter, { maxLength: 2 }),
  out: fc.tuple(fc.tuple(fc.nat(7), column), fc.tuple(fc.nat(7), column)),
});
export const query: fc.Arbitrary<Query> = fc.record({
  ctes: fc.array(simpleSub, { maxLength: 2 }),
  main: select,
  setOperation: fc.option(
    fc.record({
      op: fc.constantFrom('union' as const, 'union all' as const, 'intersect' as const, 'except' as const),
      other: select,
    }),
    { nil: null },
  ),
});

export interface World {
  authors: boolean[];
  categories: boolean[];
  articles: Array<{ author: number; category: number | null; deleted: boolean }>;
  comments: Array<{ article: number; author: number | null; deleted: boolean }>;
}
export const world: fc.Arbitrary<World> = fc.record({
  authors: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
  categories: fc.array(fc.boolean(), { maxLength: 3 }),
  articles: fc.array(
    fc.record({ author: fc.nat(), category: fc.option(fc.nat(), { nil: null }), deleted: fc.boolean() }),
    { maxLength: 6 },
  ),
  comments: fc.array(
    fc.record({ article: fc.nat(), author: fc.option(fc.nat(), { nil: null }), deleted: fc.boolean() }),
    { maxLength: 8 },
  ),
});

export async function insertWorld(db: Kysely<Database>, w: World): Promise<void> {
  await db
    .insertInto('author')
    .values(
      w.authors.map((deleted, i) => ({ name: `a${i}`, email: `a${i}@example.com`, is_deleted: deleted })),
    )
    .execute();
  if (w.categories.length > 0) {
    await db
      .insertInto('category')
      .values(w.categories.map((deleted, i) => ({ name: `c${i}`, deleted_at: deleted ? new Date(0) : null })))
      .execute();
  }
  if (w.articles.length === 0) return;
  await db
    .insertInto('article')
    .values(
      w.articles.map((a, i) => ({
        author_id: (a.author % w.authors.length) + 1,
        category_id:
          a.category === null || w.categories.length === 0 ? null : (a.category % w.categories.length) + 1,
        title: `t${i}`,
        slug: `s${i}`,
        content: '',
        is_deleted: a.deleted,
      })),
    )
    .execute();
  if (w.comments.length === 0) return;
  await db
    .insertInto('comment')
    .values(
      w.comments.map((c, i) => ({
        article_id: (c.article % w.articles.length) + 1,
        author_id: c.author === null ? null : (c.author % w.authors.length) + 1,
        body: `b${i}`,
        is_deleted: c.deleted,
      })),
    )
    .execute();
}

/** `<alias>.<column>` of a source: a table (its real columns) or a subquery/CTE (`id`, `ref`). */
export type Scope = Array<{ alias: string; table: Table | null }>;

/**
 * The pieces generated statements are made of, sharing one alias counter. Subqueries use a
 * plugin-free expression builder: the plugin reaches them through the statement that holds them.
 */
export function createBuilders(cteCount: number) {
  const eb = expressionBuilder<Record<string, Record<string, number>>, never>() as AnyBuilder;
  let next = 0;
  const fresh = () => `x${next++}`;
  const ctes = Array.from({ length: cteCount }, (_, i) => `c${i}`);

  const ref = (scope: Scope, index: number, col: Column): string => {
    const entry = scope[index % scope.length] as Scope[number];
    return `${entry.alias}.${col === 'id' || entry.table === null ? col : REF[entry.table]}`;
  };

  /** The subquery of `sub` with its alias; `only` projects its `ref` column alone (for `in`). */
  const subquery = (sub: Sub, only = false): { builder: AnyBuilder; alias: string } => {
    const alias = fresh();
    const scope: Scope = [{ alias, table: sub.table }];
    const refColumn = `${alias}.${REF[sub.table]}`;
    let builder = eb
      .selectFrom(`${sub.table} as ${alias}`)
      .select(only ? [refColumn] : [`${alias}.id as id`, `${refColumn} as ref`]);
    if (sub.filters.length > 0) {
      builder = builder.where((w: AnyBuilder) => w.and(sub.filters.map((f) => condition(w, f, scope))));
    }
    return { builder, alias };
  };

  const condition = (w: AnyBuilder, f: Filter, scope: Scope): Expression<SqlBool> => {
    switch (f.kind) {
      case 'compare':
        return w(ref(scope, f.source, f.column), f.op, f.value);
      case 'null':
        return w(ref(scope, f.source, f.column), f.not ? 'is not' : 'is', null);
      case 'in':
        return w(ref(scope, f.source, f.column), 'in', subquery(f.sub, true).builder);
      case 'exists': {
        // Correlated with the enclosing query: the subquery's ref against an outer column.
        const { builder, alias } = subquery(f.sub);
        return w.exists(
          builder.where(`${alias}.${REF[f.sub.table]}`, '=', w.ref(ref(scope, f.source, f.column))),
        );
      }
      case 'or':
        return w.or([condition(w, f.left, scope), condition(w, f.right, scope)]);
    }
  };

  const sourceExpression = (s: Source, alias: string): [AnyBuilder, Table | null] => {
    if (s.kind === 'table') return [`${s.table} as ${alias}`, s.table];
    if (s.kind === 'sub') return [subquery(s.sub).builder.as(alias), null];
    if (ctes.length === 0) return [`author as ${alias}`, 'author'];
    return [`${ctes[s.index % ctes.length]} as ${alias}`, null];
  };

  const selectOf = (creator: AnyBuilder, s: Select): AnyBuilder => {
    const scope: Scope = [];
    const froms = s.from.map((f) => {
      const alias = fresh();
      const [expression, t] = sourceExpression(f, alias);
      scope.push({ alias, table: t });
      return expression;
    });
    let builder = creator.selectFrom(froms);
    // In `from a, b join c`, the joins see `b` and the joins before them, not `a`.
    const firstJoinable = s.from.length - 1;
    for (const j of s.joins) {
      const visible = scope.slice(firstJoinable);
      const alias = fresh();
      if (j.type === 'lateral') {
        const sub = subquery(j.lateral);
        const correlated = sub.builder
          .where(`${sub.alias}.${REF[j.lateral.table]}`, '=', eb.ref(ref(visible, j.other, j.otherColumn)))
          .as(alias);
        builder = builder.innerJoinLateral(correlated, (on: AnyBuilder) => on.onTrue());
        scope.push({ alias, table: null });
        continue;
      }
      const [expression, t] = sourceExpression(j.source, alias);
      const left = ref([{ alias, table: t }], 0, j.column);
      const right = ref(visible, j.other, j.otherColumn);
      const method = { inner: 'innerJoin', left: 'leftJoin', right: 'rightJoin', full: 'fullJoin' }[j.type];
      builder = builder[method](expression, (on: AnyBuilder) => on.onRef(left, '=', right));
      scope.push({ alias, table: t });
    }
    if (s.where.length > 0) {
      builder = builder.where((w: AnyBuilder) => w.and(s.where.map((f) => condition(w, f, scope))));
    }
    return builder.select(
      s.out.map(([index, col], i) => `${ref(scope, index, col)} as ${i === 0 ? 'a' : 'b'}`),
    );
  };

  /** `db` with the CTEs of `subs` (named `c0`, `c1`…) in front. */
  const withCtes = (db: AnyDb, subs: Sub[]): AnyBuilder => {
    let root: AnyBuilder = db;
    subs.forEach((sub, i) => {
      root = root.with(ctes[i], () => subquery(sub).builder);
    });
    return root;
  };

  return { eb, fresh, ref, subquery, condition, sourceExpression, selectOf, withCtes };
}

/** Builds the Kysely query of a generated {@link Query} on `db`. */
export function build(db: AnyDb, q: Query): { compile(): { sql: string }; execute(): Promise<unknown[]> } {
  const { eb, selectOf, withCtes } = createBuilders(q.ctes.length);
  let main = selectOf(withCtes(db, q.ctes), q.main);
  if (q.setOperation !== null) {
    const other = selectOf(eb, q.setOperation.other);
    const method = { union: 'union', 'union all': 'unionAll', intersect: 'intersect', except: 'except' }[
      q.setOperation.op
    ];
    main = main[method](other);
  }
  return main;
}

/** Views of the `live` schema that hold the live rows of each table: the fuzz tests' reference. */
export async function createLiveViews(db: Kysely<Database>): Promise<void> {
  await sql`create schema if not exists live`.execute(db);
  await sql`create or replace view live.author as select * from public.author where not is_deleted`.execute(
    db,
  );
  await sql`create or replace view live.category as select * from public.category where deleted_at is null`.execute(
    db,
  );
  await sql`create or replace view live.article as select * from public.article where not is_deleted`.execute(
    db,
  );
  await sql`create or replace view live.comment as select * from public.comment where not is_deleted`.execute(
    db,
  );
}

/**
 * A generated write: `update <table> as x [from <source>] set updated_at = … where …` or
 * `delete from <table> as x [using <source>] where …`, correlated with its source by
 * `x.<column> = <source>.<column>`, filtered (subqueries included), returning `x.id`.
 */
export interface Write {
  kind: 'update' | 'delete';
  table: Table;
  ctes: Sub[];
  source: Source | null;
  column: Column;
  sourceColumn: Column;
  where: Filter[];
}

export const write: fc.Arbitrary<Write> = fc.record({
  kind: fc.constantFrom<Write['kind']>('update', 'delete'),
  table,
  ctes: fc.array(simpleSub, { maxLength: 2 }),
  source: fc.option(source, { nil: null }),
  column,
  sourceColumn: column,
  where: fc.array(filter, { maxLength: 2 }),
});

/** Builds the statement of a generated {@link Write} on `db`. */
export function buildWrite(
  db: AnyDb,
  w: Write,
): { compile(): { sql: string }; execute(): Promise<unknown[]> } {
  const { fresh, ref, condition, sourceExpression, withCtes } = createBuilders(w.ctes.length);
  const root = withCtes(db, w.ctes);
  const alias = fresh();
  const scope: Scope = [{ alias, table: w.table }];
  let builder: AnyBuilder =
    w.kind === 'update'
      ? root.updateTable(`${w.table} as ${alias}`).set({ updated_at: new Date(0) })
      : root.deleteFrom(`${w.table} as ${alias}`);
  if (w.source !== null) {
    const sourceAlias = fresh();
    const [expression, t] = sourceExpression(w.source, sourceAlias);
    builder = w.kind === 'update' ? builder.from(expression) : builder.using(expression);
    scope.push({ alias: sourceAlias, table: t });
    builder = builder.whereRef(ref(scope, 0, w.column), '=', ref(scope, 1, w.sourceColumn));
  }
  if (w.where.length > 0) {
    builder = builder.where((e: AnyBuilder) => e.and(w.where.map((f) => condition(e, f, scope))));
  }
  return builder.returning(`${alias}.id as id`);
}
