import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { restoreRows } from '../../src/cascade/restore-rows.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { connectPostgres } from '../fixtures/connect.js';
import type { Database } from '../fixtures/database.js';
import { teamTree } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { fixtureGraph } from './fixtures.js';

describeEachDialect('cascade under concurrency', (t) => {
  /** Every invariant a consistent database keeps, as a list of violations. */
  async function violations(db: Kysely<Database>): Promise<string[]> {
    const { rows } = await sql<{ problem: string }>`
      select 'live project ' || a.id || ' under deleted team' as problem
        from project a join team p on p.id = a.team_id where not a.is_deleted and p.is_deleted
      union all
      select 'live task ' || c.id || ' under deleted project'
        from task c join project p on p.id = c.project_id where not c.is_deleted and p.is_deleted
      union all
      select 'deleted ' || x.t || ' ' || x.id || ' has ' || x.n || ' open audit rows'
        from (
          select 'team' as t, r.id, (select count(*) from tombstone_deletion d where d.table_name = 'team' and d.row_ids @> array[r.id::text] and not r.id::text = any(d.restored_ids)) as n, r.is_deleted from team r
          union all
          select 'project', r.id, (select count(*) from tombstone_deletion d where d.table_name = 'project' and d.row_ids @> array[r.id::text] and not r.id::text = any(d.restored_ids)), r.is_deleted from project r
          union all
          select 'task', r.id, (select count(*) from tombstone_deletion d where d.table_name = 'task' and d.row_ids @> array[r.id::text] and not r.id::text = any(d.restored_ids)), r.is_deleted from task r
        ) x
        where (x.is_deleted and x.n <> 1) or (not x.is_deleted and x.n <> 0)
    `.execute(db);
    return rows.map((r) => r.problem);
  }

  it('overlapping deletes and restores of one tree from two connections end consistent, with conflicts only', async () => {
    const graph = await fixtureGraph(t.db);
    const tree = await teamTree(t.db, 'ann', 4, 3);
    const other = t.test.url ? connectPostgres(t.test.url, { poolSize: 2 }) : t.db;
    const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    const project = (i: number) => tree.projectIds[i % tree.projectIds.length] as number;
    try {
      const one = async (db: Kysely<Database>, step: number) => {
        await db.transaction().execute(async (trx) => {
          const request = { ids: [], actorId: step };
          switch (step % 4) {
            case 0:
              await softDeleteRows(trx, graph, { ...request, table: 'team', ids: [tree.teamId] });
              break;
            case 1:
              await restoreRows(trx, graph, {
                ...request,
                table: 'project',
                ids: [project(step), project(step + 1)],
              });
              break;
            case 2:
              await softDeleteRows(trx, graph, {
                ...request,
                table: 'project',
                ids: [project(step + 1), project(step)],
              });
              break;
            default:
              await restoreRows(trx, graph, { ...request, table: 'team', ids: [tree.teamId] });
          }
          await pause();
        });
      };
      const run = async (db: Kysely<Database>, offset: number) => {
        for (let step = 0; step < 24; step++) await one(db, step + offset);
      };
      await Promise.all([run(t.db, 0), run(other, 1)]);
    } finally {
      if (other !== t.db) await other.destroy();
    }
    expect(await violations(t.db)).toEqual([]);
  }, 60_000);
});
