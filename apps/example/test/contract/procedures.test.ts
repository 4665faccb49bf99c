import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { categoryDeletedAt, deletedState, openDeletions, snapshot } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';
import { parseRow, proceduresOf, RESOURCES, SPECS, wireDeleted } from '../helpers/resources.js';

const UNKNOWN_ID = 987_654;

describeContract('procedures', (ctx) => {
  for (const resource of RESOURCES) {
    const spec = SPECS[resource];

    describe(resource, () => {
      const admin = () => proceduresOf(ctx.as.admin, resource);
      /** A fresh row, created by admin: nothing references it, so delete never cascades or conflicts. */
      const fresh = async (n = 1) => parseRow(spec, await admin().create(spec.createInput(ctx.demo, n)));

      it('get returns the live row, validated by the shared row schema', async () => {
        const created = await fresh();
        const got = parseRow(spec, await proceduresOf(ctx.as.anonymous, resource).get({ id: created.id }));
        expect(got).toEqual(created);
        expect(wireDeleted(got)).toBe(false);
      });

      it('get answers NOT_FOUND for a soft-deleted row and for an unknown id', async () => {
        const created = await fresh();
        await admin().delete({ id: created.id });
        await expectError(admin().get({ id: created.id }), 'NOT_FOUND');
        await expectError(admin().get({ id: UNKNOWN_ID }), 'NOT_FOUND');
      });

      it('create returns the new live row and stores it', async () => {
        const input = spec.createInput(ctx.demo, 7);
        const created = await fresh(7);
        expect(created).toMatchObject(input);
        expect(wireDeleted(created)).toBe(false);
        expect(Date.parse(String(created.createdAt))).not.toBeNaN();
        expect(await deletedState(ctx.db, spec.table, created.id)).toBe(false);
      });

      it('update applies a partial patch, returns the row and stores it', async () => {
        const created = await fresh();
        const updated = parseRow(spec, await admin().update({ id: created.id, patch: spec.patch }));
        expect(updated).toMatchObject({ ...created, ...spec.patch, updatedAt: expect.any(String) });
        const stored = parseRow(spec, await admin().get({ id: created.id }));
        expect(stored).toMatchObject(spec.patch);
      });

      it('update takes any subset of the create input, the empty one included', async () => {
        const created = await fresh();
        const unchanged = parseRow(spec, await admin().update({ id: created.id, patch: {} }));
        expect(unchanged).toMatchObject({ ...created, updatedAt: expect.any(String) });
        const full = spec.createInput(ctx.demo, 8);
        expect(parseRow(spec, await admin().update({ id: created.id, patch: full }))).toMatchObject(full);
      });

      it('update answers NOT_FOUND for a soft-deleted row (left unchanged) and for an unknown id', async () => {
        const created = await fresh();
        await admin().delete({ id: created.id });
        const before = await snapshot(ctx.db);
        await expectError(admin().update({ id: created.id, patch: spec.patch }), 'NOT_FOUND');
        await expectError(admin().update({ id: UNKNOWN_ID, patch: spec.patch }), 'NOT_FOUND');
        expect(await snapshot(ctx.db)).toEqual(before);
      });

      it('delete soft-deletes the row and returns nothing', async () => {
        const created = await fresh();
        expect(await admin().delete({ id: created.id })).toBeUndefined();
        expect(await deletedState(ctx.db, spec.table, created.id)).toBe(true);
        const [record, ...more] = await openDeletions(ctx.db, spec.table, created.id);
        expect(more).toEqual([]);
        expect(record).toMatchObject({ cause: 'direct', actor_id: ctx.demo.authors.admin });
      });

      it('delete is idempotent and keeps the original deletion time and actor', async () => {
        // Alice may delete what she owns; for authors and categories only staff delete a fresh row.
        const owned = resource === 'articles' || resource === 'comments';
        const first = owned ? proceduresOf(ctx.as.alice, resource) : admin();
        const created = parseRow(spec, await first.create(spec.createInput(ctx.demo, 3)));
        await first.delete({ id: created.id });
        const original = await openDeletions(ctx.db, spec.table, created.id);
        const originalAt = resource === 'categories' ? await categoryDeletedAt(ctx.db, created.id) : null;
        expect(original).toHaveLength(1);

        await sleep(20);
        expect(await admin().delete({ id: created.id })).toBeUndefined();
        expect(await first.delete({ id: created.id })).toBeUndefined();

        expect(await deletedState(ctx.db, spec.table, created.id)).toBe(true);
        expect(await openDeletions(ctx.db, spec.table, created.id)).toEqual(original);
        expect(original[0]?.actor_id).toBe(owned ? ctx.demo.authors.alice : ctx.demo.authors.admin);
        if (resource === 'categories') {
          expect(await categoryDeletedAt(ctx.db, created.id)).toEqual(originalAt);
          expect(originalAt).toBeInstanceOf(Date);
        }
      });

      it('delete answers NOT_FOUND only when no row has the id', async () => {
        const before = await snapshot(ctx.db);
        await expectError(admin().delete({ id: UNKNOWN_ID }), 'NOT_FOUND');
        expect(await snapshot(ctx.db)).toEqual(before);
      });

      it('restore clears the flag and returns the row', async () => {
        const created = await fresh();
        await admin().delete({ id: created.id });
        const restored = parseRow(spec, await admin().restore({ id: created.id }));
        expect(restored).toMatchObject({ ...created, updatedAt: expect.any(String) });
        expect(wireDeleted(restored)).toBe(false);
        expect(await deletedState(ctx.db, spec.table, created.id)).toBe(false);
        expect(await openDeletions(ctx.db, spec.table, created.id)).toEqual([]);
        expect(parseRow(spec, await admin().get({ id: created.id }))).toEqual(restored);
      });

      it('restore of a live row returns it unchanged', async () => {
        const created = await fresh();
        const before = await snapshot(ctx.db);
        const restored = parseRow(spec, await admin().restore({ id: created.id }));
        expect(restored).toEqual(created);
        expect(await snapshot(ctx.db)).toEqual(before);
      });

      it('restore answers NOT_FOUND for an unknown id', async () => {
        await expectError(admin().restore({ id: UNKNOWN_ID }), 'NOT_FOUND');
      });

      it('hardDelete removes a live row and a soft-deleted row for good, and returns nothing', async () => {
        const live = await fresh(1);
        const deleted = await fresh(2);
        await admin().delete({ id: deleted.id });
        expect(await admin().hardDelete({ id: live.id })).toBeUndefined();
        expect(await admin().hardDelete({ id: deleted.id })).toBeUndefined();
        expect(await deletedState(ctx.db, spec.table, live.id)).toBeUndefined();
        expect(await deletedState(ctx.db, spec.table, deleted.id)).toBeUndefined();
        await expectError(admin().restore({ id: deleted.id }), 'NOT_FOUND');
      });

      it('hardDelete answers NOT_FOUND when no row has the id', async () => {
        const created = await fresh();
        await admin().hardDelete({ id: created.id });
        const before = await snapshot(ctx.db);
        await expectError(admin().hardDelete({ id: created.id }), 'NOT_FOUND');
        await expectError(admin().hardDelete({ id: UNKNOWN_ID }), 'NOT_FOUND');
        expect(await snapshot(ctx.db)).toEqual(before);
      });
    });
  }

  describe('unique among live rows', () => {
    const cases = [
      {
        resource: 'articles' as const,
        make: (n: number) => ({ title: `Unique ${n}`, slug: 'taken-slug', content: 'x' }),
      },
      {
        resource: 'authors' as const,
        make: (n: number) => ({ name: `Unique ${n}`, email: 'taken@example.com' }),
      },
      { resource: 'categories' as const, make: () => ({ name: 'Taken name' }) },
    ];
    for (const { resource, make } of cases) {
      it(`${resource}: a deleted row's unique value is free again, and restore then answers CONFLICT`, async () => {
        const admin = proceduresOf(ctx.as.admin, resource);
        const old = parseRow(SPECS[resource], await admin.create(make(1)));
        await expectError(admin.create(make(2)), 'CONFLICT');
        await admin.delete({ id: old.id });
        const taker = parseRow(SPECS[resource], await admin.create(make(3)));
        expect(taker.id).not.toBe(old.id);

        const before = await snapshot(ctx.db);
        const error = await expectError(admin.restore({ id: old.id }), 'CONFLICT');
        expect(error.message.length).toBeGreaterThan(0);
        expect(await snapshot(ctx.db)).toEqual(before);
        expect(await deletedState(ctx.db, SPECS[resource].table, old.id)).toBe(true);
      });
    }
  });

  describe('articles', () => {
    it('create takes the author from the token, and the category from the input', async () => {
      const created = await ctx.as.bob.articles.create.mutate({
        title: 'By bob',
        slug: 'by-bob',
        content: 'Hello',
        categoryId: ctx.demo.categories.announcements,
      });
      expect(created).toMatchObject({
        authorId: ctx.demo.authors.bob,
        categoryId: ctx.demo.categories.announcements,
        isDeleted: false,
      });
      const withoutCategory = await ctx.as.alice.articles.create.mutate({
        title: 'No category',
        slug: 'no-category',
        content: '',
      });
      expect(withoutCategory).toMatchObject({ authorId: ctx.demo.authors.alice, categoryId: null });
    });

    it('update can clear the category with null', async () => {
      const id = ctx.demo.articles.alice[0] as number;
      const updated = await ctx.as.alice.articles.update.mutate({ id, patch: { categoryId: null } });
      expect(updated.categoryId).toBeNull();
    });
  });

  describe('comments', () => {
    it('create takes the author from the token', async () => {
      const articleId = ctx.demo.articles.bob[0] as number;
      const created = await ctx.as.alice.comments.create.mutate({ articleId, body: 'Nice' });
      expect(created).toMatchObject({ articleId, authorId: ctx.demo.authors.alice, body: 'Nice' });
    });

    it('create answers NOT_FOUND when the article is absent or soft-deleted, and stores nothing', async () => {
      const articleId = ctx.demo.articles.bob[0] as number;
      await ctx.as.bob.articles.delete.mutate({ id: articleId });
      const before = await snapshot(ctx.db);
      await expectError(ctx.as.alice.comments.create.mutate({ articleId, body: 'Too late' }), 'NOT_FOUND');
      await expectError(
        ctx.as.alice.comments.create.mutate({ articleId: UNKNOWN_ID, body: 'x' }),
        'NOT_FOUND',
      );
      expect(await snapshot(ctx.db)).toEqual(before);
    });
  });
});
