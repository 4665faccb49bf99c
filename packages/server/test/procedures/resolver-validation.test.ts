import { initTRPC, TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  inputCheck,
  outputCheck,
  validateInResolvers,
  validatingResolvers,
} from '../../src/procedures/resolver-validation.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone } from '../../src/procedures/tombstone.js';
import { toWireRow } from '../../src/procedures/wire-mapping.js';
import type { TrackerContext } from '../fixtures/tracker-router.js';
import { describeEachDialect } from '../helpers/each-dialect.js';

describe('outputCheck', () => {
  const check = outputCheck(z.object({ id: z.number() }));

  it('returns the parsed value, without the keys the schema does not know', () => {
    expect(check({ id: 1, secret: 'x' })).toEqual({ id: 1 });
  });

  it("fails as tRPC's .output() does: INTERNAL_SERVER_ERROR with the Zod error as cause", () => {
    let thrown: unknown;
    try {
      check({ id: 'one' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TRPCError);
    expect(thrown).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Output validation failed' });
    expect((thrown as TRPCError).cause).toBeInstanceOf(z.ZodError);
  });

  it('runs schemas with async refinements asynchronously', async () => {
    const slow = outputCheck(z.object({ id: z.number() }).refine(async (v) => v.id > 0));
    await expect(slow({ id: 1 })).resolves.toEqual({ id: 1 });
    await expect(slow({ id: -1 })).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('inputCheck', () => {
  it("fails as tRPC's .input() does: BAD_REQUEST with the Zod error as cause", () => {
    const check = inputCheck(z.object({ id: z.number() }));
    expect(check({ id: 2 })).toEqual({ id: 2 });
    expect(() => check({ id: 'two' })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', cause: expect.any(z.ZodError) }),
    );
  });
});

type Chain = { _def: { middlewares: Array<{ _type?: string }>; inputs: unknown[]; output?: unknown } };
const chainOf = (procedure: unknown) => (procedure as Chain)._def;

describe('validatingResolvers', () => {
  const plain = initTRPC.create();
  const input = z.object({ id: z.number() });
  const output = z.object({ id: z.number() });
  function build() {
    const { resolve, seal } = validatingResolvers<object>();
    const seen: unknown[] = [];
    const record = {
      get: plain.procedure
        .input(input)
        .output(output)
        .query(
          resolve(input, output, async (_ctx, parsed) => {
            seen.push(parsed);
            return { id: parsed.id, extra: true };
          }),
        ),
    };
    return { record, seal, seen };
  }

  it("takes tRPC's input and output steps away, keeps the schemas declared, and validates once in the resolver", async () => {
    const { record, seal, seen } = build();
    seal(record);
    expect(chainOf(record.get).middlewares).toHaveLength(1);
    expect(chainOf(record.get).inputs).toEqual([input]);
    expect(chainOf(record.get).output).toBe(output);
    const caller = plain.router(record).createCaller({});
    expect(await caller.get({ id: 1 })).toEqual({ id: 1 });
    expect(seen).toEqual([{ id: 1 }]);
    await expect(caller.get({ id: 'x' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('leaves validation to tRPC when a chain is not exactly [input, output, resolver]', async () => {
    const { record, seal } = build();
    const other = { ...record, extra: plain.procedure.output(output).query(() => ({ id: 3 })) };
    seal(other);
    expect(validateInResolvers(other)).toBe(false);
    expect(chainOf(record.get).middlewares).toHaveLength(3);
    const caller = plain.router(other).createCaller({});
    expect(await caller.get({ id: 1 })).toEqual({ id: 1 });
    await expect(caller.get({ id: 'x' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

const t = initTRPC.context<TrackerContext>().create();
/** The tracker's team as its API shows it. */
const teamSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  handle: z.string(),
  isDeleted: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
const teamProcedures = (toRow: (row: Record<string, unknown>) => unknown) =>
  softDeleteProcedures({
    t,
    table: 'team',
    softDelete: { column: 'is_deleted', kind: 'boolean' },
    schemas: {
      row: teamSchema,
      create: z.strictObject({ name: z.string() }),
      patch: z.strictObject({ name: z.string().optional() }),
      filter: z.strictObject({}),
    },
    toRow: toRow as never,
  });
const withExtraKey = teamProcedures((row) => ({ ...toWireRow(row), internal: 'hidden' }));
const withBadRow = teamProcedures((row) => ({ ...toWireRow(row), createdAt: 'yesterday' }));
const router = t.router({ extra: withExtraKey, bad: withBadRow });

describeEachDialect('generated procedures check their output against the row schema', (h) => {
  async function seed() {
    await sql`insert into team (name, handle) values ('One', 'one'), ('Two', 'two')`.execute(h.db);
    const tombstone = await createTombstone(h.db, router, { logger: { warn: () => {} } });
    return router.createCaller({ db: h.db, tombstone, actorId: null });
  }

  it('get and list answer the row as the schema parses it: keys it does not know are stripped', async () => {
    const caller = await seed();
    const one = await caller.extra.get({ id: 1 });
    expect(one).toEqual(teamSchema.parse(one));
    expect(one).not.toHaveProperty('internal');
    const page = await caller.extra.list({});
    expect(page.items).toHaveLength(2);
    for (const item of page.items) expect(item).not.toHaveProperty('internal');
  });

  it('a row that does not fit the schema is an INTERNAL_SERVER_ERROR, on get and list alike', async () => {
    const caller = await seed();
    await expect(caller.bad.get({ id: 1 })).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Output validation failed',
    });
    await expect(caller.bad.list({})).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
