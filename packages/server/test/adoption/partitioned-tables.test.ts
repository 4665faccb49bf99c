import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { RelationGraphError } from '../../src/cascade/cascade-error.js';
import { loadRelationGraph, readForeignKeys } from '../../src/cascade/load-relation-graph.js';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import {
  adoptionCaller,
  adoptionMigrations,
  adoptionRouter,
  createAdoptionSchema,
} from './adoption-schema.js';

const silent = { warn: () => {} };

describeEachDialect(
  'partitioned tables',
  (t) => {
    let db: Kysely<unknown>;
    let tombstone: Tombstone;
    beforeAll(async () => {
      db = t.db as unknown as Kysely<unknown>;
      await createAdoptionSchema(db);
      tombstone = await createTombstone(db, adoptionRouter, { logger: silent });
    });

    /** Org A with events 1..4 (both hash partitions) and shards 10, 150 (both range partitions); org B with event 5, shard 20. */
    async function seed() {
      const [a, b] = [randomUUID(), randomUUID()];
      await sql`insert into org (id, name) values (${a}, 'A'), (${b}, 'B')`.execute(db);
      await sql`insert into event (id, org_id) values (1, ${a}), (2, ${a}), (3, ${a}), (4, ${a}), (5, ${b})`.execute(
        db,
      );
      await sql`insert into shard (id, org_id) values (10, ${a}), (150, ${a}), (20, ${b})`.execute(db);
      return { a, b };
    }

    async function deleted() {
      const { rows } = await sql<{ k: string }>`
      select 'event:' || id as k from event where is_deleted
      union all select 'shard:' || id from shard where is_deleted
      union all select 'org:' || name from org where is_deleted
      order by 1`.execute(db);
      return rows.map((r) => r.k);
    }

    it('follows a key declared on each partition once, on the partitioned table, and skips the clones of a key declared on the partitioned table', async () => {
      const keys = await readForeignKeys(db);
      const onEvent = keys.filter((k) => k.childRoot === 'event');
      expect(onEvent.map((k) => [k.name, k.childTable, k.parentTable]).sort()).toEqual([
        ['event_p0_org_fkey', 'event_p0', 'org'],
        ['event_p1_org_fkey', 'event_p1', 'org'],
      ]);
      // The shard key lives on the partitioned table only; its per-partition clones are not read.
      expect(keys.filter((k) => k.childTable.startsWith('shard')).map((k) => k.childTable)).toEqual([
        'shard',
      ]);
      const fromOrg = tombstone.graph.children.get('org') ?? [];
      expect(fromOrg.map((r) => `${r.childTable}.${r.childColumn} ${r.onDelete}`).sort()).toEqual([
        'event.org_id cascade',
        'label.org_id set null',
        'shard.org_id cascade',
        'team.org_id cascade',
      ]);
    });

    it('cascades into every partition, restores exactly, and leaves the other parent’s rows alone', async () => {
      const { a } = await seed();
      const api = adoptionCaller(db, tombstone);
      await api.orgs.delete({ id: a });
      expect(await deleted()).toEqual(
        ['event:1', 'event:2', 'event:3', 'event:4', 'org:A', 'shard:10', 'shard:150'].sort(),
      );
      const { rows } = await sql<{ table_name: string; row_ids: string[] }>`
      select table_name, row_ids from tombstone_deletion where cause = 'cascade' order by table_name`.execute(
        db,
      );
      expect(rows.map((r) => [r.table_name, [...r.row_ids].sort()])).toEqual([
        ['event', ['1', '2', '3', '4']],
        ['shard', ['10', '150']],
      ]);
      await api.orgs.restore({ id: a });
      expect(await deleted()).toEqual([]);
    });

    it('soft-deletes, bulk-deletes and restores rows of a table partitioned by its id', async () => {
      await seed();
      const api = adoptionCaller(db, tombstone);
      await api.shards.delete({ id: 150 });
      expect(await api.shards.bulkDelete({ ids: [10, 20, 999] })).toMatchObject({
        success: { count: 2, details: [10, 20] },
        errors: { count: 1, details: [{ id: 999, code: 'NOT_FOUND' }] },
      });
      // Ids come back as passed: a number stays a number, a string a string.
      const events = await api.events.bulkDelete({ ids: [5, '1'] });
      expect(events.success.details).toHaveLength(2);
      expect(events.success.details).toEqual(expect.arrayContaining(['1', 5]));
      expect(await deleted()).toEqual(['event:1', 'event:5', 'shard:10', 'shard:150', 'shard:20']);
      await api.shards.bulkRestore({ ids: [10, 20, 150] });
      await api.events.restore({ id: 1 });
      expect(await deleted()).toEqual(['event:5']);
    });

    it('purges old rows of partitioned tables, children first', async () => {
      const { a } = await seed();
      await adoptionCaller(db, tombstone).orgs.delete({ id: a });
      await sql`update tombstone_deletion set deleted_at = now() - interval '40 days'`.execute(db);
      const olderThan = new Date(Date.now() - 30 * 86_400_000);
      const dry = await purgeDeleted(db, tombstone.graph, { olderThan, dryRun: true });
      expect(dry.tables).toMatchObject({ org: 1, event: 4, shard: 2 });
      expect(await deleted()).toHaveLength(7);
      const real = await purgeDeleted(db, tombstone.graph, { olderThan });
      expect(real.tables).toMatchObject({ org: 1, event: 4, shard: 2 });
      const { rows } = await sql<{ k: string }>`
      select 'event:' || id as k from event union all select 'shard:' || id from shard order by 1`.execute(
        db,
      );
      expect(rows.map((r) => r.k)).toEqual(['event:5', 'shard:20']);
    });

    it('applies an override given by the partition-level keys’ names, and refuses one that would split the partitioned table', async () => {
      const tables = { org: tombstone.tables.org, event: tombstone.tables.event };
      const onEvent = (graph: Awaited<ReturnType<typeof loadRelationGraph>>) =>
        graph.children
          .get('org')
          ?.filter((r) => r.childTable === 'event')
          .map((r) => `${r.childTable} ${r.onDelete}`);
      const both = await loadRelationGraph(db, tables, {
        overrides: { event_p0_org_fkey: 'set null', 'event_p1.org_id': 'set null' },
      });
      expect(onEvent(both)).toEqual(['event set null']);
      const whole = await loadRelationGraph(db, tables, { overrides: { 'event.org_id': 'restrict' } });
      expect(onEvent(whole)).toEqual(['event restrict']);
      const one = loadRelationGraph(db, tables, { overrides: { event_p0_org_fkey: 'set null' } });
      await expect(one).rejects.toThrow(RelationGraphError);
      await expect(one).rejects.toThrow(/different actions .* override \{ "event\.org_id": "…" \}/);
    });
  },
  { migrations: adoptionMigrations },
);
