import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { SoftDeleteColumn, SoftDeleteScope, SoftDeleteTables } from './soft-delete-column.js';
import { type SoftDeleteRule, SoftDeleteTransformer } from './soft-delete-transformer.js';

/** Options of {@link softDeletePlugin}. */
export interface SoftDeletePluginOptions<DB> {
  /** The soft-deletable tables and their columns, type-checked against `DB`. */
  tables: SoftDeleteTables<DB>;
  /**
   * Turn `deleteFrom(<soft-deletable table>)` into `update … set is_deleted = true` (or
   * `deleted_at = now()`), keeping its WHERE, USING (as FROM) and RETURNING, and touching live
   * rows only. Off by default: a DELETE stays a real DELETE.
   */
  rewriteDeletes?: boolean;
  /** The schema of tables whose {@link SoftDeleteColumn.schema} is not set. Default `'public'`. */
  defaultSchema?: string;
}

/**
 * The soft-delete Kysely plugin: see {@link softDeletePlugin}. Instances are immutable;
 * {@link SoftDeletePlugin.withScope} returns a copy with other scopes.
 *
 * @example
 * const plugin = softDeletePlugin<Database>({ tables: softDeleteTables });
 * const db = new Kysely<Database>({ dialect, plugins: [plugin] });
 * db.getExecutor().plugins.some((p) => p instanceof SoftDeletePlugin); // true
 */
export class SoftDeletePlugin implements KyselyPlugin {
  readonly #rules: ReadonlyArray<SoftDeleteRule>;
  readonly #rewriteDeletes: boolean;
  readonly #transformer: SoftDeleteTransformer;

  /** Prefer {@link softDeletePlugin}, which type-checks the table map. */
  constructor(rules: ReadonlyArray<SoftDeleteRule>, options: { rewriteDeletes?: boolean } = {}) {
    this.#rules = Object.freeze(rules.map((rule) => Object.freeze({ ...rule })));
    this.#rewriteDeletes = options.rewriteDeletes ?? false;
    this.#transformer = new SoftDeleteTransformer(this.#rules, { rewriteDeletes: this.#rewriteDeletes });
  }

  /** The configured tables with their column, kind, schema and current scope. */
  get rules(): ReadonlyArray<Readonly<SoftDeleteRule>> {
    return this.#rules;
  }

  /** Whether DELETEs of configured tables are rewritten into soft-deleting UPDATEs. */
  get rewriteDeletes(): boolean {
    return this.#rewriteDeletes;
  }

  /**
   * A copy of this plugin with `scope` for `tables` (default: every configured table); the other
   * tables keep their scope. Used by {@link withSoftDeleteScope}.
   *
   * @example
   * const everything = softDeletePlugin<Database>({ tables }).withScope('include');
   */
  withScope(scope: SoftDeleteScope, tables?: ReadonlyArray<string>): SoftDeletePlugin {
    const only = tables === undefined ? undefined : new Set(tables);
    return new SoftDeletePlugin(
      this.#rules.map((rule) => (only === undefined || only.has(rule.table) ? { ...rule, scope } : rule)),
      { rewriteDeletes: this.#rewriteDeletes },
    );
  }

  /**
   * A copy of this plugin with {@link SoftDeletePluginOptions.rewriteDeletes} set to `rewrite`.
   *
   * @example
   * // Purge for real on an instance whose plugin rewrites DELETEs:
   * const hard = db.withoutPlugins().withPlugin(plugin.withRewriteDeletes(false));
   * await hard.deleteFrom('article').where('is_deleted', '=', true).execute();
   */
  withRewriteDeletes(rewrite: boolean): SoftDeletePlugin {
    return new SoftDeletePlugin(this.#rules, { rewriteDeletes: rewrite });
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    // Queries and raw nodes; DDL (`create view … as select`, …) comes back as written.
    return this.#transformer.transform(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * A Kysely plugin that hides soft-deleted rows from every query: each reference to a configured
 * table (FROM, joins, subqueries anywhere, CTE bodies, set-operation branches, UPDATE targets and
 * `UPDATE … FROM`, `DELETE … USING`, `INSERT … SELECT`, MERGE) gets the predicate of its scope,
 * written against the reference's alias with inlined values: `"a"."is_deleted" = false` for a
 * boolean flag, `"c"."deleted_at" is null` for a timestamp. LEFT/RIGHT/FULL joins keep their outer
 * join semantics (a left join to a deleted comment yields NULL columns and keeps the article).
 *
 * - `deleteFrom` stays a real DELETE unless `rewriteDeletes` is set; the tables in its USING
 *   clause and subqueries are filtered, its target is not.
 * - INSERT targets are not filtered. `onConflict` is not changed: a conflict with a soft-deleted
 *   row is a real conflict (the reference schema's unique indexes are partial, `where not
 *   is_deleted`, so deleted rows do not conflict there).
 * - A CTE named like a table is not that table; a schema-qualified reference is filtered only
 *   when it names the table's schema.
 * - **Raw `sql` fragments are not parsed**: tables written inside `sql\`…\`` text are not
 *   filtered (Kysely builders interpolated into a fragment are). A raw condition is bracketed
 *   before the predicate is added, so an OR inside it cannot capture the predicate. DDL is never
 *   changed (a view body built from a filtering instance is filtered when it becomes a node).
 * - Install it before `CamelCasePlugin`; Kysely's other plugins may go before or after it.
 *
 * Use {@link withDeleted}, {@link onlyDeleted} or {@link withSoftDeleteScope} to see deleted rows.
 *
 * @example
 * const db = new Kysely<Database>({
 *   dialect,
 *   plugins: [
 *     softDeletePlugin<Database>({
 *       tables: {
 *         article: { column: 'is_deleted', kind: 'boolean' },
 *         category: { column: 'deleted_at', kind: 'timestamp' },
 *       },
 *     }),
 *   ],
 * });
 * await db.selectFrom('article as a').selectAll().execute();
 * // select * from "article" as "a" where "a"."is_deleted" = false
 */
export function softDeletePlugin<DB>(options: SoftDeletePluginOptions<DB>): SoftDeletePlugin {
  const defaultSchema = options.defaultSchema ?? 'public';
  const rules: SoftDeleteRule[] = [];
  for (const [table, column] of Object.entries(options.tables) as Array<
    [string, SoftDeleteColumn | undefined]
  >) {
    if (column === undefined) continue;
    rules.push({
      table,
      column: column.column,
      kind: column.kind,
      schema: column.schema ?? defaultSchema,
      scope: 'exclude',
    });
  }
  return new SoftDeletePlugin(rules, { rewriteDeletes: options.rewriteDeletes ?? false });
}
