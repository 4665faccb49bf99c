import { type Kysely, sql } from 'kysely';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';

/** What a start-up warning is about: a database object that reads soft-deletable tables. */
export type UnfilteredReaderKind = 'view' | 'materialized view' | 'function';

/**
 * A view, materialized view or SQL / PL/pgSQL function that reads soft-deletable tables without
 * the soft-delete predicate: neither the plugin nor the procedures can add it there, so it
 * returns deleted rows.
 */
export interface UnfilteredReader {
  kind: UnfilteredReaderKind;
  /** The object's name (a function's with its argument types, e.g. `article_count(integer)`). */
  name: string;
  /** The soft-deletable tables it reads. */
  tables: string[];
  /** One sentence for the log: the object, the tables and the fix. */
  message: string;
}

/** A `WHERE` that mentions `column`: taken as the soft-delete filter. */
function filtersOn(definition: string, column: string): boolean {
  const where = /\bwhere\b/i.exec(definition);
  return where !== null && wordPattern(column).test(definition.slice(where.index));
}

function wordPattern(word: string): RegExp {
  return new RegExp(
    `(^|[^A-Za-z0-9_$])"?${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?($|[^A-Za-z0-9_$])`,
    'i',
  );
}

/** SQL and PL/pgSQL comments, which may name a table without reading it. */
function withoutComments(source: string): string {
  return source.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

function livePredicate(softDelete: SoftDeleteColumn): string {
  return softDelete.kind === 'boolean' ? `not ${softDelete.column}` : `${softDelete.column} is null`;
}

function messageFor(
  kind: UnfilteredReaderKind,
  name: string,
  tables: readonly string[],
  softDeleteTables: Readonly<Record<string, SoftDeleteColumn>>,
): string {
  const [first] = tables as [string];
  const listed = tables.map((t) => `"${t}"`).join(', ');
  const predicates = tables
    .map((t) => `${t}: ${livePredicate(softDeleteTables[t] as SoftDeleteColumn)}`)
    .join('; ');
  const subject =
    kind === 'function' ? `Function ${name}` : `${kind === 'view' ? 'View' : 'Materialized view'} "${name}"`;
  return (
    `${subject} reads the soft-deletable table${tables.length > 1 ? 's' : ''} ${listed}, and Tombstone cannot ` +
    `filter it (only Kysely queries get the soft-delete predicate): it returns soft-deleted rows. Filter it with ` +
    `the predicate (${predicates}), e.g. read from a live view: create view ${first}_live as select * from ` +
    `${first} where ${livePredicate(softDeleteTables[first] as SoftDeleteColumn)}.`
  );
}

/**
 * Finds, in the current schema, every view and materialized view (from `pg_depend` /
 * `pg_rewrite`) and every SQL or PL/pgSQL function (from `pg_depend` where PostgreSQL tracks it,
 * `BEGIN ATOMIC` bodies; otherwise a whole-word match of the table's name in its source, comments
 * left out) that reads one of `tables` — unless its definition filters on the table's soft-delete
 * column in a `WHERE`. One finding per object.
 *
 * @example
 * const found = await findUnfilteredReaders(db, { article: { column: 'is_deleted', kind: 'boolean' } });
 * found[0]?.message; // 'View "article_stats" reads the soft-deletable table "article", … create view article_live as …'
 */
export async function findUnfilteredReaders(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  db: Kysely<any>,
  tables: Readonly<Record<string, SoftDeleteColumn>>,
): Promise<UnfilteredReader[]> {
  const names = Object.keys(tables);
  if (names.length === 0) return [];
  const { rows: views } = await sql<{ name: string; kind: string; definition: string; tables: string[] }>`
    select v.relname::text as name, v.relkind::text as kind, pg_get_viewdef(v.oid) as definition,
           array_agg(distinct coalesce(root.relname, t.relname)::text order by coalesce(root.relname, t.relname)::text) as tables
    from pg_depend d
    join pg_rewrite r on r.oid = d.objid
    join pg_class v on v.oid = r.ev_class
    join pg_class t on t.oid = d.refobjid
    left join pg_class root on t.relispartition and root.oid = pg_partition_root(t.oid)
    where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
      and v.oid <> t.oid and v.relkind in ('v', 'm')
      and v.relnamespace = current_schema()::regnamespace
      and t.relnamespace = current_schema()::regnamespace
      and coalesce(root.relname, t.relname)::text = any(${names}::text[])
    group by v.oid, v.relname, v.relkind
    order by v.relname
  `.execute(db);
  const { rows: functions } = await sql<{ name: string; source: string; tracked: string[] }>`
    select p.proname::text || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name,
           coalesce(p.prosrc, '') as source,
           array(select t.relname::text from pg_depend d join pg_class t on t.oid = d.refobjid
                 where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                   and d.refclassid = 'pg_class'::regclass) as tracked
    from pg_proc p
    join pg_language l on l.oid = p.prolang
    where p.pronamespace = current_schema()::regnamespace and l.lanname in ('sql', 'plpgsql')
    order by p.proname, p.oid
  `.execute(db);

  const found: UnfilteredReader[] = [];
  for (const view of views) {
    const read = view.tables.filter(
      (t) => !filtersOn(view.definition, (tables[t] as SoftDeleteColumn).column),
    );
    if (read.length === 0) continue;
    const kind: UnfilteredReaderKind = view.kind === 'm' ? 'materialized view' : 'view';
    found.push({ kind, name: view.name, tables: read, message: messageFor(kind, view.name, read, tables) });
  }
  for (const fn of functions) {
    const source = withoutComments(fn.source);
    const read = names.filter(
      (t) =>
        (fn.tracked.includes(t) || wordPattern(t).test(source)) &&
        !filtersOn(source, (tables[t] as SoftDeleteColumn).column),
    );
    if (read.length === 0) continue;
    found.push({
      kind: 'function',
      name: fn.name,
      tables: read,
      message: messageFor('function', fn.name, read, tables),
    });
  }
  return found;
}
