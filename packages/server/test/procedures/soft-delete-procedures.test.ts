import { initTRPC, TRPCError } from '@trpc/server';
import { type Generated, type Kysely, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { SoftDeleteSchemaError } from '../../src/procedures/validate-table.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

// A table of the user's own, unrelated to the reference API: the factory is generic.
interface NoteDatabase {
  note: {
    id: Generated<number>;
    owner_id: number;
    text: string;
    deleted_at: Date | null;
  };
}
interface NoteContext {
  db: Kysely<NoteDatabase>;
  tombstone: Tombstone;
  userId: number | null;
}

const t = initTRPC.context<NoteContext>().create();
const noteSchema = z.object({
  id: z.number(),
  ownerId: z.number(),
  text: z.string(),
  deletedAt: z.string().nullable(),
});
const notes = softDeleteProcedures({
  t,
  table: 'note',
  softDelete: { column: 'deleted_at', kind: 'timestamp' },
  schemas: {
    row: noteSchema,
    create: z.strictObject({ text: z.string().max(50) }),
    patch: z.strictObject({ text: z.string().max(50).optional() }),
    filter: z.strictObject({ text: z.string().optional() }),
  },
  filters: { text: { column: 'text', match: 'icontains' } },
  toValues: ({ ctx, operation, input }) =>
    operation === 'create' ? { ...input, owner_id: ctx.userId } : input,
  authorize: ({ ctx, operation, row }) => {
    if (operation === 'list' || operation === 'get') return true;
    if (ctx.userId === null) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return row === undefined || row.owner_id === ctx.userId;
  },
  actorId: (ctx) => ctx.userId,
  maxBulkIds: 100_000,
});
// Composable: extra procedures beside the generated ones.
const appRouter = t.router({
  notes: t.mergeRouters(
    notes,
    t.router({
      count: t.procedure.query(
        async ({ ctx }) =>
          (
            await ctx.db
              .selectFrom('note')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
      ),
    }),
  ),
});

describeEachDialect('softDeleteProcedures on a table of your own', (h) => {
  let tombstone: Tombstone;
  const db = () => h.db as unknown as Kysely<NoteDatabase>;
  const caller = (userId: number | null) => appRouter.createCaller({ db: db(), tombstone, userId });

  beforeAll(async () => {
    await sql`create table note (id integer generated always as identity primary key, owner_id integer not null, text text not null, deleted_at timestamptz)`.execute(
      h.db,
    );
    tombstone = await createTombstone(db(), appRouter);
  });

  async function states() {
    return db().selectFrom('note').select(['id', 'text', 'deleted_at']).orderBy('id').execute();
  }

  it('creates, hides deleted rows from list/get/update, and restores', async () => {
    const a = await caller(1).notes.create({ text: 'alpha' });
    const b = await caller(1).notes.create({ text: 'beta' });
    expect(a).toMatchObject({ ownerId: 1, text: 'alpha', deletedAt: null });
    await caller(1).notes.delete({ id: a.id });
    expect((await caller(null).notes.list({})).items.map((n) => n.id)).toEqual([b.id]);
    await expect(caller(null).notes.get({ id: a.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller(1).notes.update({ id: a.id, patch: { text: 'x' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const rows = await states();
    expect(rows[0]?.deleted_at).toBeInstanceOf(Date);
    expect(rows[1]?.deleted_at).toBeNull();
    expect(rows[0]?.text).toBe('alpha');
    const restored = await caller(1).notes.restore({ id: a.id });
    expect(restored).toMatchObject({ id: a.id, deletedAt: null, text: 'alpha' });
    expect(Number(await caller(1).notes.count())).toBe(2);
  });

  it('keeps the original deletion time when a deleted row is deleted again', async () => {
    const a = await caller(1).notes.create({ text: 'once' });
    await caller(1).notes.delete({ id: a.id });
    const first = (await states())[0]?.deleted_at;
    await caller(1).notes.delete({ id: a.id });
    expect((await states())[0]?.deleted_at).toEqual(first);
    await expect(caller(1).notes.delete({ id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses other owners row by row and changes nothing for them', async () => {
    const mine = await caller(1).notes.create({ text: 'mine' });
    const theirs = await caller(2).notes.create({ text: 'theirs' });
    await expect(caller(1).notes.delete({ id: theirs.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller(null).notes.delete({ id: theirs.id })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const result = await caller(1).notes.bulkDelete({ ids: [mine.id, theirs.id, 777, mine.id] });
    expect(result).toEqual({
      success: { count: 1, details: [mine.id] },
      errors: {
        count: 2,
        details: [
          { id: theirs.id, code: 'FORBIDDEN', message: expect.any(String) },
          { id: 777, code: 'NOT_FOUND', message: expect.any(String) },
        ],
      },
    });
    const rows = await states();
    expect(rows.find((r) => r.id === theirs.id)?.deleted_at).toBeNull();
    expect(rows.find((r) => r.id === mine.id)?.deleted_at).toBeInstanceOf(Date);
  });

  it('bulk-deletes 100,000 ids in one call when the limit allows', async () => {
    await sql`insert into note (owner_id, text) select 1, 'n' || g from generate_series(1, 100000) g`.execute(
      h.db,
    );
    const ids = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const result = await caller(1).notes.bulkDelete({ ids });
    expect(result.success.count).toBe(100_000);
    expect(result.errors.count).toBe(0);
    const live = await sql<{
      n: number;
    }>`select count(*)::int as n from note where deleted_at is null`.execute(h.db);
    expect(live.rows[0]?.n).toBe(0);
  }, 120_000);

  it('paginates by id with an opaque cursor and filters case-insensitively', async () => {
    for (const text of ['Apple', 'banana', 'APPLE pie', 'cherry', 'apple_50%'])
      await caller(1).notes.create({ text });
    const first = await caller(null).notes.list({ limit: 2, filter: { text: 'apple' } });
    expect(first.items.map((n) => n.text)).toEqual(['Apple', 'APPLE pie']);
    const second = await caller(null).notes.list({
      limit: 2,
      filter: { text: 'apple' },
      cursor: first.nextCursor ?? '',
    });
    expect(second.items.map((n) => n.text)).toEqual(['apple_50%']);
    expect(second.nextCursor).toBeNull();
    // LIKE wildcards in the filter are literal characters.
    expect((await caller(null).notes.list({ filter: { text: '_50%' } })).items).toHaveLength(1);
    expect((await caller(null).notes.list({ filter: { text: '%' } })).items).toHaveLength(1);
  });

  it('fails at start-up, naming table, column and fix, when the flag column is missing', async () => {
    await sql`alter table note rename column deleted_at to removed_at`.execute(h.db);
    try {
      await expect(createTombstone(db(), appRouter)).rejects.toThrow(SoftDeleteSchemaError);
      await expect(createTombstone(db(), appRouter)).rejects.toThrow(
        'Table "note" has no timestamptz column "deleted_at". Add it (nullable), or set the soft-delete column to the right name.',
      );
    } finally {
      await sql`alter table note rename column removed_at to deleted_at`.execute(h.db);
    }
  });
});
