import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { tombstoneOpenRowsIndexMigration } from '../../src/audit/index.js';
import type { RelationGraph } from '../../src/cascade/relation-graph.js';
import { softDeleteRows } from '../../src/cascade/soft-delete-rows.js';
import { auditOverlapHint } from '../../src/cascade/soft-delete-sql.js';
import { fixtureGraph } from '../cascade/fixtures.js';
import type { Database } from '../fixtures/database.js';
import { teamTree } from '../fixtures/rows.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

const DIRECT =
  /^CREATE INDEX tombstone_deletion_row_ids_idx ON \S+ USING gin \(row_ids\) WHERE \(open AND \(cause = 'direct'::text\)\)$/;
const CASCADE =
  /^CREATE INDEX tombstone_deletion_parent_ids_idx ON \S+ USING gin \(parent_ids\) WHERE \(open AND \(cause = 'cascade'::text\)\)$/;

/** The GIN indexes of the audit table, by definition, in name order. */
async function ginIndexes(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ indexdef: string }>`
    select indexdef from pg_indexes
    where schemaname = current_schema() and tablename = 'tombstone_deletion' and indexdef like '%USING gin%'
    order by indexname
  `.execute(db);
  return rows.map((r) => r.indexdef);
}

/** The open entries of `table` the lookup of restores, purges and legal holds finds for `ids`. */
function lookup(graph: RelationGraph, table: string, ids: number[]) {
  return sql<{ id: string; cause: string }>`
    select d.id::text as id, d.cause from tombstone_deletion d
    where d.table_name = ${table}::text and d.open ${auditOverlapHint('d', graph, table, ids)}
    order by d.id
  `;
}

/**
 * The plan of that lookup among 20,000 open entries of other rows (10,000 direct, 10,000 cascaded
 * from projects), as the planner sees them once analyzed; rolled back.
 */
async function lookupPlan(db: Kysely<Database>, graph: RelationGraph, table: string, ids: number[]) {
  let plan = '';
  const rollback = new Error('rollback');
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`
      insert into tombstone_deletion (batch_id, table_name, cause, parent_table, row_ids, parent_ids)
      select gen_random_uuid(), 'task', 'direct', null, array[(100000 + n)::text], null
      from generate_series(1, 10000) n
      union all
      select gen_random_uuid(), 'task', 'cascade', 'project', array[(200000 + n)::text], array[(300000 + n)::text]
      from generate_series(1, 10000) n
    `.execute(trx);
      await sql`analyze tombstone_deletion`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${lookup(graph, table, ids)}`.execute(trx);
      plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      throw rollback;
    })
    .catch((error) => {
      if (error !== rollback) throw error;
    });
  return plan;
}

describeEachDialect('the audit trail lookup indexes', (h) => {
  it('tombstoneMigration indexes the ids of open direct entries and the parents of open cascades', async () => {
    const [parents, rows] = await ginIndexes(h.db);
    expect(rows).toMatch(DIRECT);
    expect(parents).toMatch(CASCADE);
    const graph = await fixtureGraph(h.db);
    const plan = await lookupPlan(h.db, graph, 'task', [7]);
    expect(plan).toContain('tombstone_deletion_row_ids_idx');
    expect(plan).toContain('tombstone_deletion_parent_ids_idx');
  });

  it('finds a cascaded row through its parent, a deleted row by its id, and neither once restored', async () => {
    const graph = await fixtureGraph(h.db);
    const tree = await teamTree(h.db, 'ann', 2, 2);
    const other = await teamTree(h.db, 'bob', 1, 1);
    const [first, , third] = tree.taskIds as [number, number, number, number];
    await softDeleteRows(h.db, graph, { table: 'task', ids: [other.taskIds[0] as number], actorId: 1 });
    await softDeleteRows(h.db, graph, { table: 'team', ids: [tree.teamId], actorId: 1 });

    const found = async (table: string, ids: number[]) =>
      (await lookup(graph, table, ids).execute(h.db)).rows.map((r) => r.cause);
    // The tasks of both projects are one cascade entry, under the two projects.
    expect(await found('task', [first])).toEqual(['cascade']);
    expect(await found('task', [first, third])).toEqual(['cascade']);
    expect(await found('project', [tree.projectIds[1] as number])).toEqual(['cascade']);
    expect(await found('team', [tree.teamId])).toEqual(['direct']);
    expect(await found('task', [other.taskIds[0] as number])).toEqual(['direct']);
    // Live rows (the other team's project) are in no entry.
    expect(await found('project', [other.projectIds[0] as number])).toEqual([]);

    await sql`update tombstone_deletion set restored_ids = row_ids where table_name = 'task'`.execute(h.db);
    expect(await found('task', [first, other.taskIds[0] as number])).toEqual([]);
  });

  it('turns the indexes of earlier audit tables into the current pair, and back', async () => {
    const run = () => tombstoneOpenRowsIndexMigration.up(h.db as Kysely<unknown>);
    const current = [expect.stringMatching(CASCADE), expect.stringMatching(DIRECT)];
    const first = [expect.stringMatching(/USING gin \(row_ids\)$/)];
    // The first form: one index on the ids of every entry.
    await sql`drop index tombstone_deletion_parent_ids_idx`.execute(h.db);
    await sql`drop index tombstone_deletion_row_ids_idx`.execute(h.db);
    await sql`create index tombstone_deletion_row_ids_idx on tombstone_deletion using gin (row_ids)`.execute(
      h.db,
    );
    await run();
    expect(await ginIndexes(h.db)).toEqual(current);
    // The second form: that index on open entries only.
    await sql`drop index tombstone_deletion_parent_ids_idx`.execute(h.db);
    await sql`drop index tombstone_deletion_row_ids_idx`.execute(h.db);
    await sql`create index tombstone_deletion_row_ids_idx on tombstone_deletion using gin (row_ids) where open`.execute(
      h.db,
    );
    await run();
    expect(await ginIndexes(h.db)).toEqual(current);
    // Run again (a database whose tombstoneMigration already made them): the same indexes.
    await run();
    expect(await ginIndexes(h.db)).toEqual(current);
    const down = tombstoneOpenRowsIndexMigration.down as NonNullable<
      typeof tombstoneOpenRowsIndexMigration.down
    >;
    await down(h.db as Kysely<unknown>);
    expect(await ginIndexes(h.db)).toEqual(first);
    // Leave the suite's schema as it found it.
    await run();
  });
});
