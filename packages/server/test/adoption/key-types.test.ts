import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { purgeDeleted } from '../../src/cascade/purge-deleted.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import {
  adoptionCaller,
  adoptionMigrations,
  adoptionRouter,
  createAdoptionSchema,
} from './adoption-schema.js';

/** Beyond 2^53: a JavaScript number would round it to ...992. */
const BIG = '9007199254740993';
const silent = { warn: () => {} };
const DAY = 86_400_000;

describeEachDialect(
  'keys as real schemas have them (uuid, bigint, text, a key not named id)',
  (t) => {
    let db: Kysely<unknown>;
    let tombstone: Tombstone;
    beforeAll(async () => {
      db = t.db as unknown as Kysely<unknown>;
      await createAdoptionSchema(db);
      tombstone = await createTombstone(db, adoptionRouter, { logger: silent });
    });

    /** Two orgs: A with two teams (members BIG and 5 in the first, 7 in the second), B with one team (member 6). */
    async function seed() {
      const [a, b, teamA1, teamA2, teamB] = [
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
      ];
      await sql`insert into org (id, name) values (${a}, 'A'), (${b}, 'B')`.execute(db);
      await sql`insert into team (id, org_id, name) values (${teamA1}, ${a}, 'a1'), (${teamA2}, ${a}, 'a2'), (${teamB}, ${b}, 'b')`.execute(
        db,
      );
      await sql`insert into member (member_no, team_id, name) values
      (${BIG}::bigint, ${teamA1}, 'big'), (5, ${teamA1}, 'five'), (7, ${teamA2}, 'seven'), (6, ${teamB}, 'six')`.execute(
        db,
      );
      await sql`insert into label (code, org_id) values ('plain', ${a}), ('with "quote"', ${a}), ('back\\slash, comma', ${b})`.execute(
        db,
      );
      return { a, b, teamA1, teamA2, teamB };
    }

    /** Every table's soft-deleted keys, as text, sorted: the whole database state that matters. */
    async function deletedKeys() {
      const { rows } = await sql<{ t: string; k: string }>`
      select 'org' as t, id::text as k from org where is_deleted
      union all select 'team', id::text from team where is_deleted
      union all select 'member', member_no::text from member where deleted_at is not null
      union all select 'label', code::text from label where is_deleted
      order by 1, 2
    `.execute(db);
      return rows.map((r) => `${r.t}:${r.k}`);
    }

    async function audit() {
      const { rows } = await sql<{
        table_name: string;
        cause: string;
        row_ids: string[];
        parent_ids: string[] | null;
        actor_id: string | null;
        restored_ids: string[];
        restored_by: string | null;
        purged_ids: string[];
      }>`select table_name, cause, row_ids, parent_ids, actor_id, restored_ids, restored_by, purged_ids
       from tombstone_deletion order by id`.execute(db);
      return rows.map((r) => ({
        ...r,
        row_ids: [...r.row_ids].sort(),
        restored_ids: [...r.restored_ids].sort(),
      }));
    }

    it('reads each table’s key type from the catalog, for the configured id column', () => {
      expect(tombstone.graph.idColumns).toMatchObject({ org: 'id', member: 'member_no', label: 'code' });
      expect(tombstone.graph.keyTypes).toMatchObject({
        org: 'uuid',
        team: 'uuid',
        member: 'bigint',
        label: 'character varying(40)',
        event: 'bigint',
        shard: 'integer',
      });
    });

    it('deletes a uuid row with its cascade (uuid, then bigint beyond 2^53), audits the ids as text without loss, and restores exactly', async () => {
      const { a, b, teamA1, teamA2 } = await seed();
      const api = adoptionCaller(db, tombstone, 'user-42');
      await api.orgs.delete({ id: a });

      // A, its teams and their members are deleted; B and the SET NULL labels are untouched.
      expect(await deletedKeys()).toEqual([
        'member:5',
        'member:7',
        `member:${BIG}`,
        `org:${a}`,
        ...[`team:${teamA1}`, `team:${teamA2}`].sort(),
      ]);
      const entries = await audit();
      expect(entries.map((e) => [e.table_name, e.cause, e.row_ids])).toEqual([
        ['org', 'direct', [a]],
        ['team', 'cascade', [teamA1, teamA2].sort()],
        ['member', 'cascade', ['5', '7', BIG]],
      ]);
      expect(entries.every((e) => e.actor_id === 'user-42')).toBe(true);
      const members = entries[2];
      // parent_ids parallel to row_ids, in the audit's own order.
      const { rows: pairs } = await sql<{ row_id: string; parent_id: string }>`
      select u.row_id, u.parent_id from tombstone_deletion d, unnest(d.row_ids, d.parent_ids) u(row_id, parent_id)
      where d.table_name = 'member' order by u.row_id`.execute(db);
      expect(pairs).toEqual([
        { row_id: '5', parent_id: teamA1 },
        { row_id: '7', parent_id: teamA2 },
        { row_id: BIG, parent_id: teamA1 },
      ]);
      expect(members?.parent_ids).toHaveLength(3);

      // A member deleted on its own, then the org restored: the member stays deleted (exact restore).
      await api.orgs.restore({ id: a });
      expect(await deletedKeys()).toEqual([]);
      const after = await audit();
      expect(after.map((e) => [e.table_name, e.restored_ids, e.restored_by])).toEqual([
        ['org', [a], 'user-42'],
        ['team', [teamA1, teamA2].sort(), 'user-42'],
        ['member', ['5', '7', BIG], 'user-42'],
      ]);
      expect((await api.orgs.get({ id: b })) as { isDeleted: boolean }).toMatchObject({ isDeleted: false });
    });

    it('restores exactly what its delete took: a member deleted before stays deleted', async () => {
      const { a } = await seed();
      const api = adoptionCaller(db, tombstone, 3);
      await api.members.delete({ id: BIG });
      await api.orgs.delete({ id: a });
      await api.orgs.restore({ id: a });
      expect(await deletedKeys()).toEqual([`member:${BIG}`]);
      // A numeric actor is stored as text too.
      expect((await audit()).map((e) => e.actor_id)).toEqual(['3', '3', '3', '3']);
      const member = (await api.members.restore({ id: BIG })) as { memberNo: unknown };
      expect(String(member.memberNo)).toBe(BIG);
      expect(await deletedKeys()).toEqual([]);
    });

    it('bulk operations answer with the ids in the form the caller passed them', async () => {
      const { a, b } = await seed();
      const api = adoptionCaller(db, tombstone);
      const unknown = randomUUID();
      expect(await api.orgs.bulkDelete({ ids: [b, unknown, a] })).toEqual({
        success: { count: 2, details: [a, b].sort() },
        errors: {
          count: 1,
          details: [{ id: unknown, code: 'NOT_FOUND', message: expect.stringContaining(unknown) }],
        },
      });
      await api.orgs.bulkRestore({ ids: [a, b] });

      const members = await api.members.bulkDelete({ ids: [BIG, 5, '404'] });
      expect(members.success.details).toEqual(expect.arrayContaining([BIG, 5]));
      expect(members.success.details).toHaveLength(2);
      expect(members.errors.details).toEqual([{ id: '404', code: 'NOT_FOUND', message: expect.any(String) }]);
      expect(await deletedKeys()).toEqual(['member:5', `member:${BIG}`]);
      const restored = await api.members.bulkRestore({ ids: [5, BIG] });
      expect(restored.success.details).toEqual(expect.arrayContaining([5, BIG]));

      const labels = await api.labels.bulkDelete({ ids: ['with "quote"', 'back\\slash, comma', 'nope'] });
      expect(labels.success.details.sort()).toEqual(['back\\slash, comma', 'with "quote"']);
      expect(labels.errors.details.map((e) => e.id)).toEqual(['nope']);
      expect(await deletedKeys()).toEqual(['label:back\\slash, comma', 'label:with "quote"']);
      const { rows } = await sql<{ row_ids: string[] }>`
      select row_ids from tombstone_deletion where table_name = 'label'`.execute(db);
      expect(rows[0]?.row_ids.sort()).toEqual(['back\\slash, comma', 'with "quote"']);
      await api.labels.bulkRestore({ ids: ['with "quote"', 'back\\slash, comma'] });
      expect(await deletedKeys()).toEqual([]);
    });

    it('refuses ids of the wrong type as bad input, and changes nothing', async () => {
      await seed();
      const api = adoptionCaller(db, tombstone);
      await expect(api.orgs.delete({ id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(api.members.delete({ id: '1.5' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(api.members.delete({ id: '99999999999999999999' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      expect(await deletedKeys()).toEqual([]);
    });

    it('pages the list by uuid, bigint and text keys', async () => {
      await seed();
      const api = adoptionCaller(db, tombstone);
      const walk = async (
        list: (cursor?: string) => Promise<{ items: unknown[]; nextCursor: string | null }>,
      ) => {
        const seen: unknown[] = [];
        let cursor: string | undefined;
        do {
          const page = await list(cursor);
          seen.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        return seen;
      };
      const orgs = await walk((cursor) => api.orgs.list({ limit: 1, cursor }));
      expect(orgs).toHaveLength(2);
      const members = (await walk((cursor) => api.members.list({ limit: 1, cursor }))) as Array<{
        memberNo: unknown;
      }>;
      expect(members.map((m) => String(m.memberNo))).toEqual(['5', '6', '7', BIG]);
      const labels = (await walk((cursor) => api.labels.list({ limit: 2, cursor }))) as Array<{
        code: string;
      }>;
      expect(labels.map((l) => l.code)).toHaveLength(3);
    });

    it('purges deleted rows of uuid and bigint tables: a dry run changes nothing, the purge takes exactly the old rows', async () => {
      const { a, b } = await seed();
      const api = adoptionCaller(db, tombstone);
      await api.orgs.delete({ id: a });
      await api.orgs.delete({ id: b });
      // A's delete happened 40 days ago; B's is recent.
      const old = new Date(Date.now() - 40 * DAY);
      await sql`update tombstone_deletion set deleted_at = ${old} where batch_id = (
      select batch_id from tombstone_deletion where table_name = 'org' and row_ids = array[${a}::text])`.execute(
        db,
      );
      await sql`update member set deleted_at = ${old} where member_no in (5, 7, ${BIG}::bigint)`.execute(db);
      const olderThan = new Date(Date.now() - 30 * DAY);

      const before = await deletedKeys();
      const dry = await purgeDeleted(db, tombstone.graph, { olderThan, dryRun: true });
      expect(dry.tables).toMatchObject({ org: 1, team: 2, member: 3 });
      expect(await deletedKeys()).toEqual(before);

      const real = await purgeDeleted(db, tombstone.graph, { olderThan });
      expect(real.tables).toMatchObject({ org: 1, team: 2, member: 3 });
      const { rows } = await sql<{ k: string }>`
      select 'org:' || id::text as k from org union all select 'team:' || name from team
      union all select 'member:' || member_no::text from member order by 1`.execute(db);
      expect(rows.map((r) => r.k)).toEqual([`org:${b}`, 'member:6', 'team:b'].sort());
      // A's batch lists every row it holds as purged; B's batch purged nothing.
      const { rows: batches } = await sql<{ of_a: boolean; rows: number; purged: number }>`
      select d.batch_id = (select batch_id from tombstone_deletion where row_ids = array[${a}::text]) as of_a,
             sum(cardinality(d.row_ids))::int as rows, sum(cardinality(d.purged_ids))::int as purged
      from tombstone_deletion d group by 1 order by 1`.execute(db);
      expect(batches).toEqual([
        { of_a: false, rows: 3, purged: 0 },
        { of_a: true, rows: 6, purged: 6 },
      ]);
      const entries = await audit();
      expect(entries.flatMap((e) => e.purged_ids)).toHaveLength(6);
    });
  },
  { migrations: adoptionMigrations },
);

describe('bigint ids beyond 2^53', () => {
  it('are validated as decimal strings by bigintIdSchema', async () => {
    const { bigintIdSchema } = await import('@tombstone/shared');
    expect(bigintIdSchema.parse(BIG)).toBe(BIG);
    expect(bigintIdSchema.safeParse(2 ** 53).success).toBe(false);
    expect(bigintIdSchema.safeParse('9223372036854775808').success).toBe(false);
  });
});
