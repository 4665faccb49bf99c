import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import { assertPluginOrder } from './plugin-order.js';
import type { SoftDeleteScope } from './soft-delete-column.js';
import { SoftDeletePlugin } from './soft-delete-plugin.js';

/**
 * A copy of `db` whose soft-delete plugin runs with `scope` for `tables` (default: every
 * configured table); other tables keep their scope, other plugins stay installed in order.
 * Transactions opened from the copy keep the scope, and passing a transaction returns a
 * transaction. Without a {@link SoftDeletePlugin} installed, `db` is returned unchanged: it
 * already sees every row. Throws when a `CamelCasePlugin` installed before the soft-delete plugin
 * renames a configured table or column (the plugin must come first).
 *
 * @example
 * const deletedArticles = await withSoftDeleteScope(db, 'only', ['article'])
 *   .selectFrom('article')
 *   .selectAll()
 *   .execute();
 * // select * from "article" where "article"."is_deleted" = true
 */
export function withSoftDeleteScope<DB, TSavepoints extends string[]>(
  db: ControlledTransaction<DB, TSavepoints>,
  scope: SoftDeleteScope,
  tables?: ReadonlyArray<keyof DB & string>,
): ControlledTransaction<DB, TSavepoints>;
export function withSoftDeleteScope<DB>(
  db: Transaction<DB>,
  scope: SoftDeleteScope,
  tables?: ReadonlyArray<keyof DB & string>,
): Transaction<DB>;
export function withSoftDeleteScope<DB>(
  db: Kysely<DB>,
  scope: SoftDeleteScope,
  tables?: ReadonlyArray<keyof DB & string>,
): Kysely<DB>;
export function withSoftDeleteScope<DB>(
  db: Kysely<DB>,
  scope: SoftDeleteScope,
  tables?: ReadonlyArray<keyof DB & string>,
): Kysely<DB> {
  const plugins = db.getExecutor().plugins;
  const softDelete = plugins.find((plugin) => plugin instanceof SoftDeletePlugin);
  if (softDelete === undefined) return db;
  assertPluginOrder(plugins, softDelete, softDelete.rules);
  let scoped = db.withoutPlugins();
  for (const plugin of plugins) {
    scoped = scoped.withPlugin(plugin instanceof SoftDeletePlugin ? plugin.withScope(scope, tables) : plugin);
  }
  return scoped;
}

/**
 * A copy of `db` that sees live and soft-deleted rows of `tables` (default: all), scope
 * `'include'`. Returns `db` unchanged when no {@link SoftDeletePlugin} is installed.
 *
 * @example
 * const all = await withDeleted(db).selectFrom('article').selectAll().execute();
 * // select * from "article"
 * await db.transaction().execute(async (trx) => {
 *   const comments = await withDeleted(trx, ['comment']).selectFrom('comment').selectAll().execute();
 * });
 */
export function withDeleted<DB, TSavepoints extends string[]>(
  db: ControlledTransaction<DB, TSavepoints>,
  tables?: ReadonlyArray<keyof DB & string>,
): ControlledTransaction<DB, TSavepoints>;
export function withDeleted<DB>(
  db: Transaction<DB>,
  tables?: ReadonlyArray<keyof DB & string>,
): Transaction<DB>;
export function withDeleted<DB>(db: Kysely<DB>, tables?: ReadonlyArray<keyof DB & string>): Kysely<DB>;
export function withDeleted<DB>(db: Kysely<DB>, tables?: ReadonlyArray<keyof DB & string>): Kysely<DB> {
  return withSoftDeleteScope(db, 'include', tables);
}

/**
 * A copy of `db` that sees only the soft-deleted rows of `tables` (default: all), scope
 * `'only'`: the trash view. Returns `db` unchanged when no {@link SoftDeletePlugin} is installed.
 *
 * @example
 * const trash = await onlyDeleted(db, ['article']).selectFrom('article').select(['id', 'title']).execute();
 * // select "id", "title" from "article" where "article"."is_deleted" = true
 */
export function onlyDeleted<DB, TSavepoints extends string[]>(
  db: ControlledTransaction<DB, TSavepoints>,
  tables?: ReadonlyArray<keyof DB & string>,
): ControlledTransaction<DB, TSavepoints>;
export function onlyDeleted<DB>(
  db: Transaction<DB>,
  tables?: ReadonlyArray<keyof DB & string>,
): Transaction<DB>;
export function onlyDeleted<DB>(db: Kysely<DB>, tables?: ReadonlyArray<keyof DB & string>): Kysely<DB>;
export function onlyDeleted<DB>(db: Kysely<DB>, tables?: ReadonlyArray<keyof DB & string>): Kysely<DB> {
  return withSoftDeleteScope(db, 'only', tables);
}
