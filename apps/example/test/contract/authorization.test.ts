import { isTombstoneError } from '@tombstone/sdk';
import { describe, expect, it } from 'vitest';
import { CALLERS, type Caller, describeContract } from '../helpers/contract-server.js';
import { deletedState, snapshot } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';
import {
  ADMIN_OPERATIONS,
  adminProceduresOf,
  expectBulkResult,
  OPERATIONS,
  type Operation,
  parseRow,
  proceduresOf,
  RESOURCES,
  type ResourceName,
  SPECS,
} from '../helpers/resources.js';

/**
 * The contract's authorization table, cell by cell. `FORBIDDEN_ROWS`: the bulk call succeeds and
 * reports the row in `errors` with `FORBIDDEN`. `FORBIDDEN` on a bulk operation the caller may not
 * use at all is accepted either way: thrown, or every id in `errors` with `FORBIDDEN`.
 */
type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'FORBIDDEN_ROWS' | 'NOT_FOUND' | 'NOT_FOUND_ROWS';

const STAFF_ONLY: ReadonlySet<Operation> = new Set(['restore', 'bulkRestore', 'hardDelete']);
const OWNER_OR_STAFF: ReadonlySet<Operation> = new Set(['update', 'delete', 'bulkDelete']);

/** What the contract says `caller` gets for `operation` on a row alice owns (categories: a spare one). */
function expected(resource: ResourceName, operation: Operation, caller: Caller): Outcome {
  if (operation === 'list' || operation === 'get') return 'ok';
  if (caller === 'anonymous') return 'UNAUTHORIZED';
  if (caller === 'admin') return 'ok';
  // The existence rule: restoring works on a deleted row; one the caller may not see (not theirs)
  // answers as an absent id.
  const ownsTarget = (resource === 'articles' || resource === 'comments') && caller === 'alice';
  if (operation === 'restore' && !ownsTarget) return 'NOT_FOUND';
  if (operation === 'bulkRestore' && !ownsTarget) return 'NOT_FOUND_ROWS';
  if (STAFF_ONLY.has(operation)) return 'FORBIDDEN';
  const staffWrites = resource === 'categories' || (resource === 'authors' && operation === 'create');
  if (staffWrites) return 'FORBIDDEN';
  if (operation === 'create') return 'ok';
  if (OWNER_OR_STAFF.has(operation) && caller === 'alice') return 'ok';
  return operation === 'bulkDelete' ? 'FORBIDDEN_ROWS' : 'FORBIDDEN';
}

describeContract('authorization', (ctx) => {
  for (const resource of RESOURCES) {
    const spec = SPECS[resource];

    /**
     * The row a cell works on: alice's row, or a spare category nothing references. Restoring
     * needs a deleted row; for authors that is a spare author, since a deleted alice could not
     * even sign in to ask.
     */
    const target = async (operation: Operation): Promise<number> => {
      const restoring = operation === 'restore' || operation === 'bulkRestore';
      let id = spec.aliceRow(ctx.demo);
      if (resource === 'categories') id = (await ctx.as.admin.categories.create.mutate({ name: 'Spare' })).id;
      if (resource === 'authors' && restoring) {
        id = (await ctx.as.admin.authors.create.mutate({ name: 'Spare', email: 'spare@example.com' })).id;
      }
      if (restoring) await proceduresOf(ctx.as.admin, resource).delete({ id });
      return id;
    };

    const inputOf = (operation: Operation, id: number): unknown => {
      switch (operation) {
        case 'list':
          return {};
        case 'create':
          return spec.createInput(ctx.demo, 1);
        case 'update':
          return { id, patch: spec.patch };
        case 'bulkDelete':
        case 'bulkRestore':
          return { ids: [id] };
        default:
          return { id };
      }
    };

    /** Checks the database effect of an allowed call. */
    const expectEffect = async (operation: Operation, id: number, result: unknown) => {
      switch (operation) {
        case 'list':
          expect((result as { items: unknown[] }).items.length).toBeGreaterThan(0);
          break;
        case 'get':
          expect(parseRow(spec, result).id).toBe(id);
          break;
        case 'create': {
          const row = parseRow(spec, result);
          expect(await deletedState(ctx.db, spec.table, row.id)).toBe(false);
          break;
        }
        case 'update':
          expect(parseRow(spec, result)).toMatchObject(spec.patch);
          expect(await proceduresOf(ctx.as.anonymous, resource).get({ id })).toMatchObject(spec.patch);
          break;
        case 'delete':
          expect(result).toBeUndefined();
          expect(await deletedState(ctx.db, spec.table, id)).toBe(true);
          break;
        case 'bulkDelete':
          expect(expectBulkResult(result)).toEqual({
            success: { count: 1, details: [id] },
            errors: { count: 0, details: [] },
          });
          expect(await deletedState(ctx.db, spec.table, id)).toBe(true);
          break;
        case 'restore':
          expect(parseRow(spec, result).id).toBe(id);
          expect(await deletedState(ctx.db, spec.table, id)).toBe(false);
          break;
        case 'bulkRestore':
          expect(expectBulkResult(result).success.details).toEqual([id]);
          expect(await deletedState(ctx.db, spec.table, id)).toBe(false);
          break;
        case 'hardDelete':
          expect(result).toBeUndefined();
          expect(await deletedState(ctx.db, spec.table, id)).toBeUndefined();
          break;
      }
    };

    describe(resource, () => {
      for (const operation of OPERATIONS) {
        for (const caller of CALLERS) {
          const outcome = expected(resource, operation, caller);
          it(`${operation} as ${caller} → ${outcome}`, async () => {
            const id = await target(operation);
            const call = () => proceduresOf(ctx.as[caller], resource)[operation](inputOf(operation, id));
            if (outcome === 'ok') {
              await expectEffect(operation, id, await call());
              return;
            }

            const before = await snapshot(ctx.db);
            if (outcome === 'FORBIDDEN_ROWS') {
              const result = expectBulkResult(await call());
              expect(result.success).toEqual({ count: 0, details: [] });
              expect(result.errors.details.map((e) => [e.id, e.code])).toEqual([[id, 'FORBIDDEN']]);
            } else if (outcome === 'NOT_FOUND_ROWS') {
              const result = expectBulkResult(await call());
              expect(result.success).toEqual({ count: 0, details: [] });
              expect(result.errors.details.map((e) => [e.id, e.code])).toEqual([[id, 'NOT_FOUND']]);
            } else if (
              outcome === 'FORBIDDEN' &&
              (operation === 'bulkDelete' || operation === 'bulkRestore')
            ) {
              await expectForbiddenBulk(call(), id);
            } else {
              await expectError(call(), outcome);
            }
            expect(await snapshot(ctx.db), 'a denied request changes nothing').toEqual(before);
          });
        }
      }
    });

    describe(`admin.${resource}`, () => {
      for (const operation of ADMIN_OPERATIONS) {
        for (const caller of CALLERS) {
          const outcome = caller === 'admin' ? 'ok' : caller === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN';
          it(`${operation} as ${caller} → ${outcome}`, async () => {
            const id = await target(operation);
            const call = () => adminProceduresOf(ctx.as[caller], resource)[operation](inputOf(operation, id));
            if (outcome === 'ok') {
              const result = await call();
              if (operation === 'list')
                expect((result as { items: unknown[] }).items.length).toBeGreaterThan(0);
              else expect(parseRow(spec, result).id).toBe(id);
              return;
            }
            const before = await snapshot(ctx.db);
            await expectError(call(), outcome);
            expect(await snapshot(ctx.db), 'a denied request changes nothing').toEqual(before);
          });
        }
      }
    });
  }

  describe('tokens', () => {
    it('an unknown token is UNAUTHORIZED where a token is required', async () => {
      const stranger = ctx.client('not-a-demo-token');
      const before = await snapshot(ctx.db);
      await expectError(
        stranger.articles.create.mutate({ title: 'x', slug: 'x', content: 'x' }),
        'UNAUTHORIZED',
      );
      await expectError(
        stranger.articles.delete.mutate({ id: ctx.demo.articles.alice[0] as number }),
        'UNAUTHORIZED',
      );
      await expectError(stranger.admin.articles.list.query({}), 'UNAUTHORIZED');
      expect(await snapshot(ctx.db)).toEqual(before);
    });

    it('an Authorization header that is not a bearer token is UNAUTHORIZED', async () => {
      const basic = await fetch(`${ctx.url}/trpc/articles.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic ZGVtbzpkZW1v' },
        body: JSON.stringify({ title: 'x', slug: 'x', content: 'x' }),
      });
      expect(basic.status).toBe(401);
    });

    it('the token of a soft-deleted author is UNAUTHORIZED, and works again once restored', async () => {
      const { bob } = ctx.demo.authors;
      await ctx.as.admin.authors.delete.mutate({ id: bob });
      const before = await snapshot(ctx.db);
      await expectError(
        ctx.as.bob.articles.create.mutate({ title: 'x', slug: 'x', content: 'x' }),
        'UNAUTHORIZED',
      );
      await expectError(
        ctx.as.bob.comments.create.mutate({ articleId: ctx.demo.articles.alice[0] as number, body: 'x' }),
        'UNAUTHORIZED',
      );
      await expectError(ctx.as.bob.authors.update.mutate({ id: bob, patch: { name: 'B' } }), 'UNAUTHORIZED');
      expect(await snapshot(ctx.db)).toEqual(before);

      await ctx.as.admin.authors.restore.mutate({ id: bob });
      const created = await ctx.as.bob.articles.create.mutate({ title: 'Back', slug: 'back', content: '' });
      expect(created.authorId).toBe(bob);
    });

    it('a deleted author cannot use their token even on their own rows', async () => {
      const { alice } = ctx.demo.authors;
      await ctx.as.alice.authors.delete.mutate({ id: alice });
      await expectError(ctx.as.alice.authors.delete.mutate({ id: alice }), 'UNAUTHORIZED');
    });
  });

  describe('existence rule: a deleted row the caller may not see answers as an absent id', () => {
    const absent = 987_654;

    it('delete, restore and hardDelete of bob’s deleted article answer alice NOT_FOUND, as an absent id does', async () => {
      const bobs = ctx.demo.articles.bob[0] as number;
      await ctx.as.admin.articles.delete.mutate({ id: bobs });
      const before = await snapshot(ctx.db);
      for (const id of [bobs, absent]) {
        await expectError(ctx.as.alice.articles.delete.mutate({ id }), 'NOT_FOUND');
        await expectError(ctx.as.alice.articles.restore.mutate({ id }), 'NOT_FOUND');
        await expectError(ctx.as.alice.articles.hardDelete.mutate({ id }), 'NOT_FOUND');
        await expectError(ctx.as.alice.articles.get.query({ id }), 'NOT_FOUND');
        await expectError(ctx.as.alice.articles.update.mutate({ id, patch: { title: 'x' } }), 'NOT_FOUND');
      }
      expect(await snapshot(ctx.db), 'nothing changed').toEqual(before);
    });

    it('per id in bulk: NOT_FOUND for the hidden and absent ids, FORBIDDEN for a live row she can see', async () => {
      const [hidden, live] = ctx.demo.articles.bob as [number, number];
      await ctx.as.admin.articles.delete.mutate({ id: hidden });
      const before = await snapshot(ctx.db);
      const deleted = await ctx.as.alice.articles.bulkDelete.mutate({ ids: [hidden, absent, live] });
      expect(deleted.success.count).toBe(0);
      const byId = (details: { id: number; code: string }[]) =>
        details.map((e) => [e.id, e.code]).sort((a, b) => Number(a[0]) - Number(b[0]));
      expect(byId(deleted.errors.details)).toEqual([
        [hidden, 'NOT_FOUND'],
        [live, 'FORBIDDEN'],
        [absent, 'NOT_FOUND'],
      ]);
      const restored = await ctx.as.alice.articles.bulkRestore.mutate({ ids: [hidden, absent] });
      expect(byId(restored.errors.details)).toEqual([
        [hidden, 'NOT_FOUND'],
        [absent, 'NOT_FOUND'],
      ]);
      expect(await snapshot(ctx.db), 'nothing changed').toEqual(before);
    });

    it('the owner and staff still see it: deleting it again succeeds, restoring is FORBIDDEN to the owner', async () => {
      const mine = ctx.demo.articles.alice[0] as number;
      await ctx.as.alice.articles.delete.mutate({ id: mine });
      await ctx.as.alice.articles.delete.mutate({ id: mine });
      await expectError(ctx.as.alice.articles.restore.mutate({ id: mine }), 'FORBIDDEN');
      await expectError(ctx.as.bob.articles.restore.mutate({ id: mine }), 'NOT_FOUND');
      expect((await ctx.as.admin.articles.restore.mutate({ id: mine })).id).toBe(mine);
    });

    it('over REST too: the same status and error code for a hidden id and an absent one', async () => {
      const bobs = ctx.demo.articles.bob[0] as number;
      await ctx.as.admin.articles.delete.mutate({ id: bobs });
      const answer = async (id: number) => {
        const response = await fetch(`${ctx.url}/api/articles/${id}/`, {
          method: 'DELETE',
          headers: { authorization: 'Bearer demo-alice-token' },
        });
        const body = (await response.json()) as { error: { code: string } };
        return [response.status, body.error.code];
      };
      expect(await answer(bobs)).toEqual([404, 'NOT_FOUND']);
      expect(await answer(absent)).toEqual(await answer(bobs));
    });
  });

  describe('mass assignment and escalation', () => {
    it('alice cannot make herself staff', async () => {
      const { alice } = ctx.demo.authors;
      const before = await snapshot(ctx.db);
      await expectError(
        ctx.as.alice.authors.update.mutate({ id: alice, patch: { isStaff: true } }),
        'FORBIDDEN',
      );
      expect(await snapshot(ctx.db)).toEqual(before);
      await expectError(ctx.as.alice.admin.authors.list.query({}), 'FORBIDDEN');
    });

    it('alice may rename herself but not bob', async () => {
      const { alice, bob } = ctx.demo.authors;
      expect(
        await ctx.as.alice.authors.update.mutate({ id: alice, patch: { name: 'Alice B.' } }),
      ).toMatchObject({
        name: 'Alice B.',
        isStaff: false,
      });
      await expectError(
        ctx.as.alice.authors.update.mutate({ id: bob, patch: { name: 'Bobby' } }),
        'FORBIDDEN',
      );
    });

    it('a row alice owns stays hers after an update by staff', async () => {
      const id = ctx.demo.articles.alice[0] as number;
      const updated = await ctx.as.admin.articles.update.mutate({ id, patch: { title: 'Edited by staff' } });
      expect(updated.authorId).toBe(ctx.demo.authors.alice);
    });
  });
});

/** A bulk call the caller may not make at all: thrown FORBIDDEN, or every id reported FORBIDDEN. */
async function expectForbiddenBulk(call: Promise<unknown>, id: number): Promise<void> {
  try {
    const result = expectBulkResult(await call);
    expect(result.success).toEqual({ count: 0, details: [] });
    expect(result.errors.details.map((e) => [e.id, e.code])).toEqual([[id, 'FORBIDDEN']]);
  } catch (error) {
    if (!isTombstoneError(error)) throw error;
    await expectError(Promise.reject(error), 'FORBIDDEN');
  }
}
