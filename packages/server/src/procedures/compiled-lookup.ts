import {
  CamelCasePlugin,
  type Compilable,
  type CompiledQuery,
  type Kysely,
  type KyselyPlugin,
  ParseJSONResultsPlugin,
  WithSchemaPlugin,
} from 'kysely';
import { SoftDeletePlugin } from '../plugin/soft-delete-plugin.js';

// biome-ignore lint/suspicious/noExplicitAny: table names are dynamic here; the public options are typed.
type AnyDb = Kysely<any>;
type DbRow = Record<string, unknown>;

/**
 * Plugins whose rewrite of a query depends on the query alone — not on the call, the time or
 * any state — so that what they compiled once may run again. An application's own plugin may
 * read a tenant or a clock in `transformQuery`; with one installed, nothing is reused.
 */
const PURE_PLUGINS: ReadonlyArray<abstract new (...args: never[]) => KyselyPlugin> = [
  SoftDeletePlugin,
  CamelCasePlugin,
  WithSchemaPlugin,
  ParseJSONResultsPlugin,
];

function reusable(db: AnyDb): boolean {
  return db.getExecutor().plugins.every((plugin) => PURE_PLUGINS.some((pure) => plugin.constructor === pure));
}

/** A compiled statement and the index of its one varying parameter. */
interface Template {
  compiled: CompiledQuery<DbRow>;
  index: number;
}

/**
 * A query that differs from call to call by one value only (the key of `get`), compiled once
 * per database instance and variant instead of built, transformed by the plugins and compiled
 * on every call: the Kysely builder and compiler were 7 µs of a `get`, the hand-written `sql`
 * template of the same statement 0.5 µs. `build` receives a placeholder where the value goes;
 * the compiled statement runs through `db.executeQuery`, so the plugins' `transformResult` and
 * the driver are those of every other query. Falls back to building the query on every call
 * when `db` has a plugin outside {@link PURE_PLUGINS}, or when the placeholder does not come out
 * as exactly one parameter.
 *
 * @example
 * const byId = compiledLookup((db, scope: DeletedScope, id) => scoped(db, scope).where('id', '=', id));
 * const row = await byId(ctx.db, 'exclude', 42);
 */
export function compiledLookup<TVariant extends string>(
  build: (db: AnyDb, variant: TVariant, value: unknown) => Compilable<DbRow>,
): (db: AnyDb, variant: TVariant, value: unknown) => Promise<DbRow | undefined> {
  const templates = new WeakMap<AnyDb, Map<TVariant, Template | null>>();

  function templateOf(db: AnyDb, variant: TVariant): Template | null {
    let byVariant = templates.get(db);
    if (byVariant === undefined) {
      byVariant = new Map();
      templates.set(db, byVariant);
    }
    let template = byVariant.get(variant);
    if (template === undefined) {
      template = compileTemplate(db, variant);
      byVariant.set(variant, template);
    }
    return template;
  }

  function compileTemplate(db: AnyDb, variant: TVariant): Template | null {
    if (!reusable(db)) return null;
    const placeholder = {};
    const compiled = build(db, variant, placeholder).compile();
    const index = compiled.parameters.indexOf(placeholder);
    if (index === -1 || compiled.parameters.indexOf(placeholder, index + 1) !== -1) return null;
    return { compiled, index };
  }

  return async (db, variant, value) => {
    const template = templateOf(db, variant);
    if (template === null) {
      const { rows } = await db.executeQuery(build(db, variant, value));
      return rows[0] as DbRow | undefined;
    }
    const { compiled, index } = template;
    // Copied by hand: `slice()` of Kysely's frozen array takes a slow path in V8.
    const parameters: unknown[] = new Array(compiled.parameters.length);
    for (let i = 0; i < parameters.length; i++) parameters[i] = compiled.parameters[i];
    parameters[index] = value;
    const { rows } = await db.executeQuery<DbRow>({
      query: compiled.query,
      queryId: compiled.queryId,
      sql: compiled.sql,
      parameters,
    });
    return rows[0];
  };
}
