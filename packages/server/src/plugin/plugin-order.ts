import { CamelCasePlugin, type KyselyPlugin } from 'kysely';
import type { SoftDeleteRule } from './soft-delete-transformer.js';

/*
 * Kysely runs plugins in the order they are installed. The soft-delete configuration names
 * tables and columns as the application's `Database` interface does (it is type-checked against
 * it), so the plugin must see the query before an identifier-renaming plugin such as
 * `CamelCasePlugin` rewrites those names; its own predicates are then renamed like every other
 * identifier. Installed after one, it would meet `blog_post` where it is configured for `blogPost`
 * (and never filter it) and write `"isDeleted"` where the database has `is_deleted`. Every other
 * plugin of Kysely's (`WithSchemaPlugin`, `HandleEmptyInListsPlugin`, `ParseJSONResultsPlugin`)
 * may come before or after it.
 */

const defaultCamelCase = new CamelCasePlugin();

/** What `plugin` renames `name` into (`snakeCase` is protected in the types, public at run time). */
function renameWith(plugin: CamelCasePlugin, name: string): string {
  return (plugin as unknown as { snakeCase(name: string): string }).snakeCase(name);
}

/** The message of the error a wrong plugin order raises. */
export function wrongOrderMessage(what: string): string {
  return (
    `softDeletePlugin runs after CamelCasePlugin: ${what}. Install softDeletePlugin before ` +
    'CamelCasePlugin (plugins: [softDeletePlugin(…), new CamelCasePlugin()], or ' +
    '.withPlugin(new CamelCasePlugin()) after it), so that it sees the names its configuration uses.'
  );
}

/**
 * The configured table names that `CamelCasePlugin` (default options) changes, keyed by what it
 * changes them into: meeting such a name in a query proves the plugin runs after it.
 */
export function renamedTables(rules: ReadonlyArray<SoftDeleteRule>): ReadonlyMap<string, string> | undefined {
  let renamed: Map<string, string> | undefined;
  const configured = new Set(rules.map((rule) => rule.table));
  for (const rule of rules) {
    const snake = renameWith(defaultCamelCase, rule.table);
    if (snake !== rule.table && !configured.has(snake)) {
      renamed ??= new Map();
      renamed.set(snake, rule.table);
    }
  }
  return renamed;
}

/**
 * Throws when a `CamelCasePlugin` in `plugins` comes before `softDelete` and renames one of its
 * configured tables or columns. Used where the plugin list is visible: {@link withSoftDeleteScope}.
 */
export function assertPluginOrder(
  plugins: ReadonlyArray<KyselyPlugin>,
  softDelete: KyselyPlugin,
  rules: ReadonlyArray<SoftDeleteRule>,
): void {
  for (const plugin of plugins) {
    if (plugin === softDelete) return;
    if (!(plugin instanceof CamelCasePlugin)) continue;
    for (const rule of rules) {
      for (const name of [rule.table, rule.column]) {
        const to = renameWith(plugin, name);
        if (to !== name) {
          throw new Error(wrongOrderMessage(`it would not recognise "${name}" once renamed to "${to}"`));
        }
      }
    }
  }
}
