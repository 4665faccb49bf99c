import { type RawBuilder, sql } from 'kysely';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import { idColumnOf, keyTypeOf, type RelationGraph } from './relation-graph.js';
import { DEFAULT_KEY_TYPE, keyKindOf, type RowId } from './row-id.js';

/** The audit table every cascade, restore and purge writes to. */
export const AUDIT_TABLE = 'tombstone_deletion';

/** Legal holds on batches of the trash (see `tombstone_hold` in the audit migration). */
export const HOLD_TABLE = 'tombstone_hold';

/**
 * The audit entry `alias` still has rows in the trash (neither restored nor purged): its generated
 * `open` column, stored in the tuple, so closed entries are skipped without reading their arrays.
 */
export function auditHasOpen(alias: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.id(alias, 'open')}`;
}

/** Row `id` (one of the entry's `row_ids`) is still in the trash through audit entry `alias`. */
export function auditRowOpen(alias: string, id: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`not (${id} = any(${sql.id(alias, 'restored_ids')})) and not (${id} = any(${sql.id(alias, 'purged_ids')}))`;
}

/**
 * GIN overlap (`row_ids && ids`, `parent_ids && parents`) is fast for a few ids and slow for
 * thousands (its check runs per id): above this many, the open entries of the table are
 * unnested and hashed instead.
 */
export const GIN_OVERLAP_MAX_IDS = 100;

/**
 * `and (…)`: narrows the open entries of `table` (alias `alias`) to those that can hold one of
 * `ids`, through the audit trail's GIN indexes, when `ids` is known and short enough for them to
 * pay ({@link GIN_OVERLAP_MAX_IDS}); nothing otherwise. A direct entry is found by its ids
 * (`row_ids && ids`); a cascaded one by its parents (`parent_ids` overlapping the values of the
 * rows' foreign keys into soft-deletable tables, read from the rows): only the parents of a
 * cascade are indexed, so a cascade of a million comments under a thousand articles adds a
 * thousand keys to the index, not a million (see `CASCADE_PARENTS_INDEX`). Candidates only: the
 * caller still matches the ids in `row_ids`. Pass canonical ids.
 */
export function auditOverlapHint(
  alias: string,
  graph: RelationGraph,
  table: string,
  ids: readonly RowId[] | undefined,
): RawBuilder<unknown> {
  if (ids === undefined || ids.length > GIN_OVERLAP_MAX_IDS) return sql``;
  const open = auditHasOpen(alias);
  const direct = sql`(${open} and ${sql.id(alias, 'cause')} = 'direct' and ${sql.id(alias, 'row_ids')} && ${auditIdArray(ids)})`;
  // Per parent table: the parents the rows reference now, in the audit trail's text form
  // (`fk::text`, as the cascade recorded them), against the entries cascaded from that table.
  const columnsByParent = new Map<string, string[]>();
  for (const relation of graph.parents.get(table) ?? []) {
    const columns = columnsByParent.get(relation.parentTable) ?? [];
    if (!columns.includes(relation.childColumn)) columns.push(relation.childColumn);
    columnsByParent.set(relation.parentTable, columns);
  }
  const key = sql.id('c', idColumnOf(graph, table));
  const rows = idArray(ids, keyTypeOf(graph, table));
  const cascaded = [...columnsByParent].map(
    ([parentTable, columns]) => sql`(${open} and ${sql.id(alias, 'cause')} = 'cascade'
      and ${sql.id(alias, 'parent_table')} = ${parentTable}::text and ${sql.id(alias, 'parent_ids')} && (
        select coalesce(array_agg(p.id), '{}') from ${sql.table(table)} c
        cross join lateral (values ${sql.join(columns.map((c) => sql`(${sql.id('c', c)}::text)`))}) as p(id)
        where ${key} = any(${rows}) and p.id is not null
      ))`,
  );
  return sql`and (${sql.join([direct, ...cascaded], sql` or `)})`;
}

/**
 * An `UPDATE` of the audit trail, for a data-modifying CTE: appends to `column` (`restored_ids` or
 * `purged_ids`) of every open entry of `table` the ids of CTE `source` (column `id`) that entry
 * still holds open, and applies `extra` (more `SET` items) to those entries. Set-based: the open
 * entries are unnested once and matched against `source` with a hash (on the ids' text form, as
 * the audit trail stores them); `hint` (the rows' ids, when known and few) narrows the entries
 * through the GIN indexes first (see {@link auditOverlapHint}). The `IN … IS TRUE` keeps the match a
 * hashed subplan: the CTE's row estimate is too low for the planner to hash a semi-join, and a
 * nested loop over 10,000 × 10,000 ids takes seconds.
 */
export function closeAuditEntries(
  table: string,
  source: string,
  column: 'restored_ids' | 'purged_ids',
  extra: RawBuilder<unknown> = sql``,
  hint?: { graph: RelationGraph; ids: readonly RowId[] },
): RawBuilder<unknown> {
  const col = sql.id(column);
  return sql`
    update ${sql.table(AUDIT_TABLE)} d set ${col} = d.${col} || x.ids ${extra}
    from (
      select g.id, array_agg(u.row_id) as ids
      from ${sql.table(AUDIT_TABLE)} g
      cross join lateral unnest(g.row_ids) as u(row_id)
      where g.table_name = ${table}::text and ${auditHasOpen('g')} ${hint ? auditOverlapHint('g', hint.graph, table, hint.ids) : sql``}
        and (u.row_id in (select id::text from ${sql.table(source)})) is true and ${auditRowOpen('g', sql`u.row_id`)}
      group by g.id
    ) x
    where d.id = x.id`;
}

function column(softDelete: SoftDeleteColumn, alias: string | undefined): RawBuilder<unknown> {
  return alias ? sql.id(alias, softDelete.column) : sql.id(softDelete.column);
}

/** `not is_deleted` / `deleted_at is null`, optionally qualified by a table alias. */
export function isLive(softDelete: SoftDeleteColumn, alias?: string): RawBuilder<boolean> {
  const ref = column(softDelete, alias);
  return softDelete.kind === 'boolean' ? sql<boolean>`not ${ref}` : sql<boolean>`${ref} is null`;
}

/** `is_deleted` / `deleted_at is not null`, optionally qualified by a table alias. */
export function isDeleted(softDelete: SoftDeleteColumn, alias?: string): RawBuilder<boolean> {
  const ref = column(softDelete, alias);
  return softDelete.kind === 'boolean' ? sql<boolean>`${ref}` : sql<boolean>`${ref} is not null`;
}

/**
 * The `SET` item that soft-deletes: `is_deleted = true` / `deleted_at = now()` (the transaction's
 * start, the same instant the audit row records).
 */
export function markDeleted(softDelete: SoftDeleteColumn): RawBuilder<unknown> {
  const ref = sql.id(softDelete.column);
  return softDelete.kind === 'boolean' ? sql`${ref} = true` : sql`${ref} = now()`;
}

/** The `SET` item that restores: `is_deleted = false` / `deleted_at = null`. */
export function markLive(softDelete: SoftDeleteColumn): RawBuilder<unknown> {
  const ref = sql.id(softDelete.column);
  return softDelete.kind === 'boolean' ? sql`${ref} = false` : sql`${ref} = null`;
}

/**
 * Ids as ONE array parameter cast to `<type>[]`, for `= any(…)`: a statement stays one statement
 * with one bind parameter whatever the number of ids (PostgreSQL caps a statement at 65,535
 * parameters). The parameter is the array's text form (`{1,2,3}`), built with one `join` for
 * integers and uuids: the drivers' generic array serializers escape element by element, which
 * costs milliseconds at 10,000 ids; text keys are quoted (`{"a b","x\\"y"}`). `type` is the
 * key's type as `format_type` spells it (`integer`, `bigint`, `uuid`, `text`, …).
 *
 * @throws {TypeError} when an id is not of that type (`Not an integer id: 1.5`), before any SQL runs.
 *
 * @example
 * idArray([3, 1], 'integer');   // $1::integer[] with '{3,1}'
 * idArray(['a', 'b"c'], 'text'); // $1::text[] with '{"a","b\\"c"}'
 */
export function idArray<T extends RowId>(
  ids: readonly T[],
  type: string = DEFAULT_KEY_TYPE,
): RawBuilder<T[]> {
  const kind = keyKindOf(type) ?? 'text';
  if (kind === 'integer' || kind === 'bigint') {
    for (const id of ids as readonly unknown[]) {
      // Numbers from the API; drivers hand back `bigint` keys as strings (pg) or bigints.
      const integer =
        typeof id === 'number'
          ? Number.isSafeInteger(id)
          : typeof id === 'bigint' || (typeof id === 'string' && INTEGER_TEXT.test(id));
      if (!integer) throw new TypeError(`Not an integer id: ${String(id)}`);
    }
    return sql<T[]>`${`{${ids.join(',')}}`}::${sql.raw(type)}[]`;
  }
  if (kind === 'uuid') {
    for (const id of ids as readonly unknown[]) {
      if (typeof id !== 'string' || !UUID.test(id)) throw new TypeError(`Not a uuid id: ${String(id)}`);
    }
    return sql<T[]>`${`{${ids.join(',')}}`}::uuid[]`;
  }
  return sql<T[]>`${quotedArray(ids)}::${sql.raw(type)}[]`;
}

/**
 * Ids as ONE `text[]` parameter, in the form the audit trail stores them (`id::text`): for the
 * GIN overlap (`row_ids && …`) and joins on the audit arrays. Pass canonical ids.
 */
export function auditIdArray(ids: readonly RowId[]): RawBuilder<string[]> {
  return sql<
    string[]
  >`${ids.every((id) => typeof id === 'number') ? `{${ids.join(',')}}` : quotedArray(ids)}::text[]`;
}

function quotedArray(ids: readonly unknown[]): string {
  const parts: string[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (typeof id === 'number' && Number.isSafeInteger(id)) parts[i] = String(id);
    else if (typeof id === 'string' && !id.includes('\u0000')) parts[i] = `"${id.replace(/[\\"]/g, '\\$&')}"`;
    else throw new TypeError(`Not a text id: ${String(id)}`);
  }
  return `{${parts.join(',')}}`;
}

const INTEGER_TEXT = /^-?\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A key read back in canonical form (see `canonicalId`): `smallint` / `integer` keys as they are
 * (drivers return numbers), every other type as `::text` (bigint beyond 2^53 without loss, uuid
 * in lower case).
 */
export function keyOut(type: string, ref: RawBuilder<unknown>): RawBuilder<RowId> {
  return keyKindOf(type) === 'integer' ? sql<RowId>`${ref}` : sql<RowId>`${ref}::text`;
}

/** An id of the audit trail (text) as a value of the key's `type`, e.g. `u.row_id::uuid`. */
export function auditIdAs(type: string, ref: RawBuilder<unknown>): RawBuilder<RowId> {
  return sql<RowId>`${ref}::${sql.raw(type)}`;
}

/** Who acts, as the audit trail stores it (`text`, or `null` for the system). */
export function actorText(actorId: RowId | null): RawBuilder<string | null> {
  return sql<string | null>`${actorId === null ? null : String(actorId)}::text`;
}

/**
 * `coalesce(array_agg(column), '{}')`: a statement's ids as ONE array value in one row. Drivers
 * decode one array far faster than thousands of one-column rows (PGlite especially).
 */
export function idsOf(column: string): RawBuilder<RowId[]> {
  return sql<RowId[]>`coalesce(array_agg(${sql.ref(column)}), '{}')`;
}
