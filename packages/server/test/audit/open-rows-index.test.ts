import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { tombstoneOpenRowsIndexMigration } from '../../src/audit/index.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

async function indexDefinition(db: Parameters<typeof tombstoneOpenRowsIndexMigration.up>[0]) {
  const { rows } = await sql<{ indexdef: string }>`
    select indexdef from pg_indexes
    where schemaname = current_schema() and indexname = 'tombstone_deletion_row_ids_idx'
  `.execute(db);
  return rows.map((r) => r.indexdef);
}

/** The plan of the lookup every restore, purge and legal-hold check runs, with scans by index forced. */
async function lookupPlan(db: Parameters<typeof tombstoneOpenRowsIndexMigration.up>[0]) {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain select id from tombstone_deletion d where d.open and d.row_ids @> array['7']::text[]
    `.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describeEachDialect('tombstoneOpenRowsIndexMigration', (h) => {
  it('tombstoneMigration indexes the ids of open entries only, and lookups of open entries use it', async () => {
    const [definition] = await indexDefinition(h.db);
    expect(definition).toMatch(/USING gin \(row_ids\) WHERE open$/);
    expect(await lookupPlan(h.db)).toContain('tombstone_deletion_row_ids_idx');
  });

  it('turns the index of an earlier audit table (every entry) into the partial one, and back', async () => {
    await sql`drop index tombstone_deletion_row_ids_idx`.execute(h.db);
    await sql`create index tombstone_deletion_row_ids_idx on tombstone_deletion using gin (row_ids)`.execute(
      h.db,
    );
    await tombstoneOpenRowsIndexMigration.up(h.db);
    expect(await indexDefinition(h.db)).toEqual([expect.stringMatching(/USING gin \(row_ids\) WHERE open$/)]);
    // Run again (a database whose tombstoneMigration already made it partial): the same index.
    await tombstoneOpenRowsIndexMigration.up(h.db);
    expect(await indexDefinition(h.db)).toEqual([expect.stringMatching(/USING gin \(row_ids\) WHERE open$/)]);
    await (tombstoneOpenRowsIndexMigration.down as NonNullable<typeof tombstoneOpenRowsIndexMigration.down>)(
      h.db,
    );
    expect(await indexDefinition(h.db)).toEqual([expect.stringMatching(/USING gin \(row_ids\)$/)]);
    // Leave the suite's schema as it found it.
    await tombstoneOpenRowsIndexMigration.up(h.db);
  });

  it('finds an open entry by row id and no longer finds it once closed', async () => {
    await sql`
      insert into tombstone_deletion (batch_id, table_name, cause, row_ids)
      values (gen_random_uuid(), 'task', 'direct', array['7', '8'])
    `.execute(h.db);
    const find = async () =>
      (
        await sql<{
          id: string;
        }>`select id from tombstone_deletion d where d.open and d.row_ids @> array['7']::text[]`.execute(h.db)
      ).rows.length;
    expect(await find()).toBe(1);
    await sql`update tombstone_deletion set restored_ids = row_ids`.execute(h.db);
    expect(await find()).toBe(0);
  });
});
