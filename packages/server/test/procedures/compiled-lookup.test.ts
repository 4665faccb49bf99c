import {
  CamelCasePlugin,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import { expect, it, vi } from 'vitest';
import { SoftDeletePlugin, softDeletePlugin } from '../../src/plugin/index.js';
import { compiledLookup, compiledStatement } from '../../src/procedures/compiled-lookup.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

/** A plugin of the application's own: it counts the queries it sees. */
class CountingPlugin implements KyselyPlugin {
  transformed = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.transformed++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const byId = compiledLookup((db, scope: 'live' | 'any', id) => {
  const query = db.selectFrom('team').selectAll().where('id', '=', id);
  return scope === 'live' ? query.where('is_deleted', '=', false) : query;
});

describeEachDialect('compiledLookup', (h) => {
  async function seed() {
    await sql`insert into team (name, handle, is_deleted) values ('One', 'one', false), ('Two', 'two', true)`.execute(
      h.db,
    );
  }

  it('answers each key and variant with its own row', async () => {
    await seed();
    expect((await byId(h.db, 'live', 1))?.name).toBe('One');
    expect(await byId(h.db, 'live', 2)).toBeUndefined();
    expect((await byId(h.db, 'any', 2))?.name).toBe('Two');
    expect(await byId(h.db, 'any', 3)).toBeUndefined();
  });

  it('runs through the plugins of the instance: softDeletePlugin and CamelCasePlugin', async () => {
    await seed();
    const db = h.db.withPlugin(
      softDeletePlugin({ tables: { team: { column: 'is_deleted', kind: 'boolean' } } }),
    );
    const transform = vi.spyOn(SoftDeletePlugin.prototype, 'transformQuery');
    expect((await byId(db, 'any', 1))?.name).toBe('One');
    expect((await byId(db, 'any', 1))?.name).toBe('One');
    // Compiled (and so transformed) once for this instance and variant.
    expect(transform).toHaveBeenCalledTimes(1);
    transform.mockRestore();
    // The plugin hides the deleted row even where the lookup does not ask for live rows.
    expect(await byId(db, 'any', 2)).toBeUndefined();
    const camel = h.db.withPlugin(new CamelCasePlugin());
    const row = await byId(camel, 'any', 1);
    expect(row).toMatchObject({ name: 'One', isDeleted: false, createdAt: expect.any(Date) });
  });

  it("with an application's own plugin, builds the query on every call so the plugin sees each one", async () => {
    await seed();
    const counting = new CountingPlugin();
    const db = h.db.withPlugin(counting);
    await byId(db, 'live', 1);
    await byId(db, 'live', 1);
    await byId(db, 'live', 2);
    expect(counting.transformed).toBe(3);
  });
});

// `after` takes [pattern, id, limit]; `all` takes [pattern, limit].
const page = compiledStatement((db, variant: 'all' | 'after', values) => {
  const query = db.selectFrom('team').selectAll().where('name', 'like', values[0]);
  const limit = values[values.length - 1] as number;
  return (variant === 'after' ? query.where('id', '>', values[1]) : query).orderBy('id').limit(limit);
});

describeEachDialect('compiledStatement', (h) => {
  it('puts each value where its placeholder was, for every variant, and compiles each variant once', async () => {
    await sql`insert into team (name, handle) values ('Alpha', 'a'), ('Beta', 'b'), ('Alps', 'c'), ('Altai', 'd')`.execute(
      h.db,
    );
    const db = h.db.withPlugin(
      softDeletePlugin({ tables: { team: { column: 'is_deleted', kind: 'boolean' } } }),
    );
    const transform = vi.spyOn(SoftDeletePlugin.prototype, 'transformQuery');
    const names = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.name);
    expect(names(await page(db, 'after', ['Al%', 1, 10]))).toEqual(['Alps', 'Altai']);
    expect(names(await page(db, 'after', ['Al%', 3, 10]))).toEqual(['Altai']);
    expect(names(await page(db, 'all', ['Al%', 2]))).toEqual(['Alpha', 'Alps']);
    expect(names(await page(db, 'all', ['B%', 5]))).toEqual(['Beta']);
    expect(transform).toHaveBeenCalledTimes(2);
    transform.mockRestore();
  });

  it('builds the query on every call when a value is not a parameter of its own', async () => {
    await sql`insert into team (name, handle) values ('Alpha', 'a'), ('Beta', 'b')`.execute(h.db);
    const counting = new CountingPlugin();
    const literalLimit = compiledStatement((db, _variant: 'one', [pattern]) =>
      db.selectFrom('team').selectAll().where('name', 'like', pattern).limit(1),
    );
    // Compiles fine, but with the application's plugin nothing is reused.
    const db = h.db.withPlugin(counting);
    expect((await literalLimit(db, 'one', ['B%']))[0]?.name).toBe('Beta');
    expect((await literalLimit(db, 'one', ['A%']))[0]?.name).toBe('Alpha');
    expect(counting.transformed).toBe(2);
    // A placeholder the statement leaves out: no template, and still the right rows.
    const built: unknown[] = [];
    const unused = compiledStatement((db, _variant: 'one', values) => {
      built.push(values[0]);
      return db.selectFrom('team').selectAll().where('name', '=', 'Beta');
    });
    expect((await unused(h.db, 'one', ['first']))[0]?.name).toBe('Beta');
    expect((await unused(h.db, 'one', ['second']))[0]?.name).toBe('Beta');
    // Once with placeholders (no template came of it), then with each call's values.
    expect(built).toHaveLength(3);
    expect(built.slice(1)).toEqual(['first', 'second']);
  });
});
