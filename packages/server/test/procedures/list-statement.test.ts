import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { softDeletePlugin } from '../../src/plugin/index.js';
import { createTombstone } from '../../src/procedures/tombstone.js';
import type { Database } from '../fixtures/database.js';
import { seedTracker } from '../fixtures/seed.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';
import { trackerCaller, trackerRouter } from '../fixtures/tracker-router.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

/**
 * `list` runs a statement compiled once per scope, set of filters and cursor (see
 * `compiledStatement`): every combination must answer what the filters say, whatever the order
 * of the filter keys and whichever combination ran first.
 */
describeEachDialect<Database>('list statements', (h) => {
  async function seed() {
    await seedTracker(h.db);
    // More projects: team 1 has API, Web, Api gateway, Apiary; team 2 has Ops, API mirror.
    await h.db
      .insertInto('project')
      .values([
        { team_id: 1, name: 'Api gateway', code: 'ada-gw' },
        { team_id: 2, name: 'API mirror', code: 'bo-mirror' },
        { team_id: 1, name: 'Apiary', code: 'ada-apiary' },
      ])
      .execute();
    // A deleted project that matches every filter below.
    await sql`insert into project (team_id, name, code, is_deleted) values (1, 'API old', 'ada-old', true)`.execute(
      h.db,
    );
  }

  async function expected(teamId: number | null, name: string | null, after = 0): Promise<number[]> {
    const { rows } = await sql<{ id: number }>`
      select id from project
      where not is_deleted and id > ${after}
        and (${teamId}::int is null or team_id = ${teamId}::int)
        and (${name}::text is null or name ilike '%' || ${name}::text || '%')
      order by id
    `.execute(h.db);
    return rows.map((r) => r.id);
  }

  for (const plugged of [false, true]) {
    it(`answers each combination of filters and cursor${plugged ? ' (soft-delete plugin installed)' : ''}`, async () => {
      await seed();
      const db = plugged ? h.db.withPlugin(softDeletePlugin({ tables: softDeleteTables })) : h.db;
      const tombstone = await createTombstone(db, trackerRouter);
      const api = trackerCaller(db, tombstone).projects;
      const ids = (page: { items: Array<{ id: number }> }) => page.items.map((p) => p.id);

      expect(ids(await api.list({ filter: { teamId: 1, name: 'api' } }))).toEqual(await expected(1, 'api'));
      // The same filters in the other order: the same statement, the same rows.
      expect(ids(await api.list({ filter: { name: 'api', teamId: 1 } }))).toEqual(await expected(1, 'api'));
      expect(ids(await api.list({ filter: { teamId: 2, name: 'api' } }))).toEqual(await expected(2, 'api'));
      expect(ids(await api.list({ filter: { name: 'api' } }))).toEqual(await expected(null, 'api'));
      expect(ids(await api.list({ filter: { teamId: 2 } }))).toEqual(await expected(2, null));
      expect(ids(await api.list({}))).toEqual(await expected(null, null));
      expect(await expected(1, 'api')).toHaveLength(3);

      // Pages of one with a cursor, under both filters.
      const first = await api.list({ limit: 1, filter: { teamId: 1, name: 'api' } });
      expect(ids(first)).toEqual((await expected(1, 'api')).slice(0, 1));
      const second = await api.list({
        limit: 1,
        cursor: first.nextCursor as string,
        filter: { name: 'api', teamId: 1 },
      });
      expect(ids(second)).toEqual((await expected(1, 'api', ids(first)[0])).slice(0, 1));
      const rest = await api.list({
        limit: 10,
        cursor: second.nextCursor as string,
        filter: { teamId: 1, name: 'api' },
      });
      expect(ids(rest)).toEqual(await expected(1, 'api', ids(second)[0]));
      expect(rest.nextCursor).toBeNull();
      // A LIKE wildcard in a filter value is matched literally.
      expect(ids(await api.list({ filter: { name: '%', teamId: 1 } }))).toEqual([]);
    });
  }
});
