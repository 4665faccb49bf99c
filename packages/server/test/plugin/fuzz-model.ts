/**
 * The model behind the differential fuzz tests: random data with deleted rows, and random
 * statements over the project tracker (aliases, joins of every kind, subqueries, CTEs, set
 * operations, OR filters), built with Kysely so that the plugin sees them as an application's.
 */
import fc from 'fast-check';
import {
  CamelCasePlugin,
  type Expression,
  expressionBuilder,
  HandleEmptyInListsPlugin,
  type Kysely,
  type KyselyPlugin,
  ParseJSONResultsPlugin,
  replaceWithNoncontingentExpression,
  type SqlBool,
  sql,
  WithSchemaPlugin,
} from 'kysely';
import type { Database } from '../fixtures/database.js';

/** Data sets per fuzz run: `FC_RUNS`, default 100. */
export const WORLDS = Number(process.env.FC_RUNS ?? 100);

/** A fuzz test's time limit: two minutes, more when `FC_RUNS` asks for more data sets. */
export const FUZZ_TIMEOUT = Math.max(120_000, WORLDS * 1_500);

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

export type Table = 'team' | 'label' | 'project' | 'task';
export const TABLES: readonly Table[] = ['team', 'label', 'project', 'task'];
/** Every source exposes two integer columns: `id`, and `ref` (the table's main foreign key). */
export const REF: Record<Table, string> = {
  team: 'id',
  label: 'id',
  project: 'team_id',
  task: 'project_id',
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
  | { kind: 'or'; left: Filter; right: Filter }
  /** A raw `sql` fragment joining two conditions with OR / AND / NOT … OR, without brackets. */
  | { kind: 'raw'; op: RawOp; left: Filter; right: Filter };
export type RawOp = 'or' | 'and' | 'not-or';
/**
 * A table source: `qualified` writes `<schema>.<table>`, `bare` leaves it without an alias (then
 * columns are referenced as `<table>.<column>`, or `<schema>.<table>.<column>` when qualified).
 */
export type Source =
  | { kind: 'table'; table: Table; qualified: boolean; bare: boolean }
  | { kind: 'sub'; sub: Sub; prebuilt: boolean }
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
  /** Not for FULL joins (PostgreSQL merges or hashes those only): `on <a> = <b> or <raw>`. */
  rawOr: Filter | null;
}
interface Select {
  from: Source[];
  joins: Join[];
  where: Filter[];
  out: Array<[number, Column]>;
}
export interface Query {
  /** Build on `db.withSchema(<schema>)`: `WithSchemaPlugin` ahead of the soft-delete plugin. */
  withSchema: boolean;
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
const rawOp = fc.constantFrom<RawOp>('or', 'and', 'not-or');
const rawLeaf: fc.Arbitrary<Filter> = fc.record({
  kind: fc.constant('raw' as const),
  op: rawOp,
  left: leafFilter,
  right: leafFilter,
});
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
    fc.record({
      kind: fc.constant('raw' as const),
      op: rawOp,
      left: tie('filter') as fc.Arbitrary<Filter>,
      right: tie('filter') as fc.Arbitrary<Filter>,
    }),
  ),
  sub: fc.record({ table, filters: fc.array(tie('filter') as fc.Arbitrary<Filter>, { maxLength: 2 }) }),
}));
export const source: fc.Arbitrary<Source> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('table' as const),
      table,
      qualified: fc.boolean(),
      bare: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('sub' as const), sub: simpleSub, prebuilt: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cte' as const), index: fc.nat(3) }) },
);
const join: fc.Arbitrary<Join> = fc.record({
  type: fc.constantFrom<JoinType>('inner', 'left', 'right', 'full', 'lateral'),
  source,
  lateral: simpleSub,
  column,
  other: fc.nat(7),
  otherColumn: column,
  rawOr: fc.option(fc.oneof(leafFilter, rawLeaf), { nil: null, freq: 3 }),
});
const select: fc.Arbitrary<Select> = fc.record({
  from: fc.array(source, { minLength: 1, maxLength: 2 }),
  joins: fc.array(join, { maxLength: 3 }),
  where: fc.array(filter, { maxLength: 2 }),
  out: fc.tuple(fc.tuple(fc.nat(7), column), fc.tuple(fc.nat(7), column)),
});
export const query: fc.Arbitrary<Query> = fc.record({
  withSchema: fc.boolean(),
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
  teams: boolean[];
  labels: boolean[];
  projects: Array<{ team: number; label: number | null; deleted: boolean }>;
  tasks: Array<{ project: number; team: number | null; deleted: boolean }>;
}
export const world: fc.Arbitrary<World> = fc.record({
  teams: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
  labels: fc.array(fc.boolean(), { maxLength: 3 }),
  projects: fc.array(
    fc.record({ team: fc.nat(), label: fc.option(fc.nat(), { nil: null }), deleted: fc.boolean() }),
    { maxLength: 6 },
  ),
  tasks: fc.array(
    fc.record({ project: fc.nat(), team: fc.option(fc.nat(), { nil: null }), deleted: fc.boolean() }),
    { maxLength: 8 },
  ),
});

export async function insertWorld(db: Kysely<Database>, w: World): Promise<void> {
  await db
    .insertInto('team')
    .values(w.teams.map((deleted, i) => ({ name: `a${i}`, handle: `a${i}`, is_deleted: deleted })))
    .execute();
  if (w.labels.length > 0) {
    await db
      .insertInto('label')
      .values(w.labels.map((deleted, i) => ({ name: `c${i}`, deleted_at: deleted ? new Date(0) : null })))
      .execute();
  }
  if (w.projects.length === 0) return;
  await db
    .insertInto('project')
    .values(
      w.projects.map((a, i) => ({
        team_id: (a.team % w.teams.length) + 1,
        label_id: a.label === null || w.labels.length === 0 ? null : (a.label % w.labels.length) + 1,
        name: `t${i}`,
        code: `s${i}`,
        summary: '',
        is_deleted: a.deleted,
      })),
    )
    .execute();
  if (w.tasks.length === 0) return;
  await db
    .insertInto('task')
    .values(
      w.tasks.map((c, i) => ({
        project_id: (c.project % w.projects.length) + 1,
        team_id: c.team === null ? null : (c.team % w.teams.length) + 1,
        title: `b${i}`,
        is_deleted: c.deleted,
      })),
    )
    .execute();
}

/** `<alias>.<column>` of a source: a table (its real columns) or a subquery/CTE (`id`, `ref`). */
export type Scope = Array<{ alias: string; table: Table | null }>;

/**
 * The pieces generated statements are made of, sharing one alias counter. Subqueries use a
 * plugin-free expression builder (the plugin reaches them through the statement that holds them),
 * except `prebuilt` derived tables, built from `db` itself and so transformed before they are
 * embedded. `schema` is the schema written in qualified names: `public` through the plugin,
 * `live` for the reference views.
 */
export function createBuilders(db: AnyDb, cteCount: number, schema: string) {
  const eb = expressionBuilder<Record<string, Record<string, number>>, never>() as AnyBuilder;
  let next = 0;
  const fresh = () => `x${next++}`;
  const ctes = Array.from({ length: cteCount }, (_, i) => `c${i}`);

  const ref = (scope: Scope, index: number, col: Column): string => {
    const entry = scope[index % scope.length] as Scope[number];
    return `${entry.alias}.${col === 'id' || entry.table === null ? col : REF[entry.table]}`;
  };

  /** The subquery of `sub` with its alias; `only` projects its `ref` column alone (for `in`). */
  const subquery = (
    sub: Sub,
    only = false,
    creator: AnyBuilder = eb,
  ): { builder: AnyBuilder; alias: string } => {
    const alias = fresh();
    const scope: Scope = [{ alias, table: sub.table }];
    const refColumn = `${alias}.${REF[sub.table]}`;
    let builder = creator
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
      case 'raw': {
        // Interpolated conditions compile without brackets: the fragment's operators bind as written.
        const left = condition(w, f.left, scope);
        const right = condition(w, f.right, scope);
        if (f.op === 'or') return sql<SqlBool>`${left} or ${right}`;
        if (f.op === 'and') return sql<SqlBool>`${left} and ${right}`;
        return sql<SqlBool>`not ${left} or ${right}`;
      }
    }
  };

  /**
   * The FROM/JOIN expression of a source and its scope entry. `taken` holds the names already
   * used in the same FROM clause: a bare table whose name is taken gets an alias instead.
   */
  const sourceExpression = (s: Source, alias: string, taken?: Set<string>): [AnyBuilder, Scope[number]] => {
    if (s.kind === 'table') {
      const name = s.qualified ? `${schema}.${s.table}` : s.table;
      if (s.bare && taken !== undefined && !taken.has(s.table)) {
        taken.add(s.table);
        return [name, { alias: name, table: s.table }];
      }
      return [`${name} as ${alias}`, { alias, table: s.table }];
    }
    if (s.kind === 'sub') {
      return [subquery(s.sub, false, s.prebuilt ? db : eb).builder.as(alias), { alias, table: null }];
    }
    if (ctes.length === 0) return [`team as ${alias}`, { alias, table: 'team' }];
    return [`${ctes[s.index % ctes.length]} as ${alias}`, { alias, table: null }];
  };

  const selectOf = (creator: AnyBuilder, s: Select): AnyBuilder => {
    const scope: Scope = [];
    const taken = new Set<string>();
    const froms = s.from.map((f) => {
      const [expression, entry] = sourceExpression(f, fresh(), taken);
      scope.push(entry);
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
      const [expression, entry] = sourceExpression(j.source, alias, taken);
      const left = ref([entry], 0, j.column);
      const right = ref(visible, j.other, j.otherColumn);
      const method = { inner: 'innerJoin', left: 'leftJoin', right: 'rightJoin', full: 'fullJoin' }[j.type];
      const rawOr = j.type === 'full' ? null : j.rawOr;
      builder = builder[method](expression, (on: AnyBuilder) =>
        rawOr === null
          ? on.onRef(left, '=', right)
          : on.on(
              (w: AnyBuilder) =>
                sql<SqlBool>`${w.ref(left)} = ${w.ref(right)} or ${condition(w, rawOr, [entry, ...visible])}`,
            ),
      );
      scope.push(entry);
    }
    if (s.where.length > 0) {
      builder = builder.where((w: AnyBuilder) => w.and(s.where.map((f) => condition(w, f, scope))));
    }
    return builder.select(
      s.out.map(([index, col], i) => `${ref(scope, index, col)} as ${i === 0 ? 'a' : 'b'}`),
    );
  };

  /** `db` with the CTEs of `subs` (named `c0`, `c1`…) in front. */
  const withCtes = (root: AnyDb, subs: Sub[]): AnyBuilder => {
    let out: AnyBuilder = root;
    subs.forEach((sub, i) => {
      out = out.with(ctes[i], () => subquery(sub).builder);
    });
    return out;
  };

  return { eb, fresh, ref, subquery, condition, sourceExpression, selectOf, withCtes };
}

/**
 * Builds the Kysely query of a generated {@link Query} on `db`, writing `schema` in qualified
 * names (and, with {@link Query.withSchema}, through `db.withSchema(schema)`).
 */
export function build(
  db: AnyDb,
  q: Query,
  schema: string,
): { compile(): { sql: string }; execute(): Promise<unknown[]> } {
  const root = q.withSchema ? db.withSchema(schema) : db;
  const { eb, selectOf, withCtes } = createBuilders(root, q.ctes.length, schema);
  let main = selectOf(withCtes(root, q.ctes), q.main);
  if (q.setOperation !== null) {
    const other = selectOf(eb, q.setOperation.other);
    const method = { union: 'union', 'union all': 'unionAll', intersect: 'intersect', except: 'except' }[
      q.setOperation.op
    ];
    main = main[method](other);
  }
  return main;
}

/**
 * Kysely's own plugins beside the soft-delete plugin, each before and after it (`CamelCasePlugin`
 * only after it: installed before, it is refused when it renames a configured name, and renames
 * none of the tracker's). A fuzz run draws one per data set.
 */
export const PLUGIN_ORDERS: ReadonlyArray<[string, (softDelete: KyselyPlugin) => KyselyPlugin[]]> = [
  ['alone', (sd) => [sd]],
  ['WithSchemaPlugin first', (sd) => [new WithSchemaPlugin('public'), sd]],
  ['WithSchemaPlugin after', (sd) => [sd, new WithSchemaPlugin('public')]],
  ['CamelCasePlugin first', (sd) => [new CamelCasePlugin(), sd]],
  ['CamelCasePlugin after', (sd) => [sd, new CamelCasePlugin()]],
  ['ParseJSONResultsPlugin first', (sd) => [new ParseJSONResultsPlugin(), sd]],
  ['ParseJSONResultsPlugin after', (sd) => [sd, new ParseJSONResultsPlugin()]],
  [
    'HandleEmptyInListsPlugin first',
    (sd) => [new HandleEmptyInListsPlugin({ strategy: replaceWithNoncontingentExpression }), sd],
  ],
  [
    'HandleEmptyInListsPlugin after',
    (sd) => [sd, new HandleEmptyInListsPlugin({ strategy: replaceWithNoncontingentExpression })],
  ],
];
export const pluginOrder = fc.constantFrom(...PLUGIN_ORDERS.map((_, i) => i));

/** `db` without its plugins, then the plugins of order `index` around `softDelete`. */
export function withPluginOrder(db: Kysely<Database>, softDelete: KyselyPlugin, index: number): AnyDb {
  let out = db.withoutPlugins() as AnyDb;
  for (const plugin of (PLUGIN_ORDERS[index] as (typeof PLUGIN_ORDERS)[number])[1](softDelete)) {
    out = out.withPlugin(plugin);
  }
  return out;
}

/** Views of the `live` schema that hold the live rows of each table: the fuzz tests' reference. */
export async function createLiveViews(db: Kysely<Database>): Promise<void> {
  await sql`create schema if not exists live`.execute(db);
  await sql`create or replace view live.team as select * from public.team where not is_deleted`.execute(db);
  await sql`create or replace view live.label as select * from public.label where deleted_at is null`.execute(
    db,
  );
  await sql`create or replace view live.project as select * from public.project where not is_deleted`.execute(
    db,
  );
  await sql`create or replace view live.task as select * from public.task where not is_deleted`.execute(db);
}

/**
 * A generated write: `update <table> as x [from <source>] set updated_at = … where …` or
 * `delete from <table> as x [using <source>] where …`, correlated with its source by
 * `x.<column> = <source>.<column>`, filtered (subqueries included), returning `x.id`. With
 * `shadow`, a first CTE has the target's name (`with project as (select * from <schema>.project …)`):
 * the target is still the table, while sources named like it read the CTE.
 */
export interface Write {
  kind: 'update' | 'delete';
  table: Table;
  shadow: Sub | null;
  ctes: Sub[];
  source: Source | null;
  column: Column;
  sourceColumn: Column;
  where: Filter[];
}

export const write: fc.Arbitrary<Write> = fc.record({
  kind: fc.constantFrom<Write['kind']>('update', 'delete'),
  table,
  // Only the filters of the shadowing CTE's body are used: its table is the target's.
  shadow: fc.option(simpleSub, { nil: null }),
  ctes: fc.array(simpleSub, { maxLength: 2 }),
  source: fc.option(source, { nil: null }),
  column,
  sourceColumn: column,
  where: fc.array(filter, { maxLength: 2 }),
});

/** Builds the statement of a generated {@link Write} on `db`, writing `schema` in qualified names. */
export function buildWrite(
  db: AnyDb,
  w: Write,
  schema: string,
): { compile(): { sql: string }; execute(): Promise<unknown[]> } {
  const { fresh, ref, condition, sourceExpression, withCtes } = createBuilders(db, w.ctes.length, schema);
  let root: AnyBuilder = db;
  if (w.shadow !== null) {
    // The body names its schema: an unqualified name in the body of a CTE of the same name is left
    // to the search path by WithSchemaPlugin, which would read the base table for the views.
    const shadow = w.shadow;
    const shadowAlias = fresh();
    root = root.with(w.table, (qb: AnyBuilder) => {
      let body = qb.selectFrom(`${schema}.${w.table} as ${shadowAlias}`).selectAll();
      const scope: Scope = [{ alias: shadowAlias, table: w.table }];
      if (shadow.filters.length > 0) {
        body = body.where((e: AnyBuilder) => e.and(shadow.filters.map((f) => condition(e, f, scope))));
      }
      return body;
    });
  }
  root = withCtes(root, w.ctes);
  const alias = fresh();
  const scope: Scope = [{ alias, table: w.table }];
  // With a CTE of its name in front, the target is written with its schema, as an application
  // must to reach the table through the reference views.
  const target = `${w.shadow === null ? w.table : `${schema}.${w.table}`} as ${alias}`;
  let builder: AnyBuilder =
    w.kind === 'update' ? root.updateTable(target).set({ updated_at: new Date(0) }) : root.deleteFrom(target);
  if (w.source !== null) {
    // A table source named like a shadowing CTE reads the CTE: its columns are the table's.
    // A prebuilt subquery is qualified by WithSchemaPlugin (the reference's `live`) on its own,
    // before it meets the CTE that shadows its table: with a shadow, sources are built in place.
    const src = w.shadow !== null && w.source.kind === 'sub' ? { ...w.source, prebuilt: false } : w.source;
    const [expression, entry] = sourceExpression(src, fresh());
    builder = w.kind === 'update' ? builder.from(expression) : builder.using(expression);
    scope.push(entry);
    builder = builder.whereRef(ref(scope, 0, w.column), '=', ref(scope, 1, w.sourceColumn));
  }
  if (w.where.length > 0) {
    builder = builder.where((e: AnyBuilder) => e.and(w.where.map((f) => condition(e, f, scope))));
  }
  return builder.returning(`${alias}.id as id`);
}
