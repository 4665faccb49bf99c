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
import { compiledLookup } from '../../src/procedures/compiled-lookup.js';
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
