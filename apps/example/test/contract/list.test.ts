import { describe, expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { liveIds } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';
import { type Page, parseRow, proceduresOf, RESOURCES, SPECS } from '../helpers/resources.js';

describeContract('list', (ctx) => {
  for (const resource of RESOURCES) {
    const spec = SPECS[resource];

    describe(resource, () => {
      const anonymous = () => proceduresOf(ctx.as.anonymous, resource);
      const list = async (input?: unknown) => (await anonymous().list(input)) as Page;
      /** Creates `count` rows as admin (numbered from 1, in one batched request), ordered by id. */
      const createMany = async (count: number) => {
        const admin = proceduresOf(ctx.as.admin, resource);
        const inputs = Array.from({ length: count }, (_, i) => spec.createInput(ctx.demo, i + 1));
        const rows = (await Promise.all(inputs.map((input) => admin.create(input)))).map((r) =>
          parseRow(spec, r),
        );
        return rows.sort((a, b) => a.id - b.id);
      };
      /** The rows whose text field contains `value`, case-insensitively, in id order. */
      const matching = (rows: Array<Record<string, unknown> & { id: number }>, value: string) =>
        rows
          .filter((r) => String(r[spec.textFilter.key]).toLowerCase().includes(value.toLowerCase()))
          .map((r) => r.id);
      /** Walks every page and returns the ids in order, checking each page's size. */
      const walk = async (limit: number, extra: Record<string, unknown> = {}) => {
        const ids: number[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const page = await list({ limit, ...extra, ...(cursor ? { cursor } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          for (const item of page.items) parseRow(spec, item);
          ids.push(...page.items.map((item) => item.id));
          if (page.nextCursor === null) return ids;
          expect(page.items).toHaveLength(limit);
          cursor = page.nextCursor;
        }
        throw new Error('pagination did not end');
      };

      it('returns { items, nextCursor } with 20 rows by default, live rows only, ordered by id', async () => {
        const created = await createMany(24);
        await proceduresOf(ctx.as.admin, resource).delete({ id: created[0]?.id });
        const live = await liveIds(ctx.db, spec.table);
        expect(live.length).toBeGreaterThan(20);

        const page = await list({});
        expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor']);
        expect(page.items.map((i) => i.id)).toEqual(live.slice(0, 20));
        expect(typeof page.nextCursor).toBe('string');
      });

      it('keyset pagination walks every live row exactly once, in id order, and ends with a null cursor', async () => {
        const created = await createMany(7);
        const admin = proceduresOf(ctx.as.admin, resource);
        await admin.delete({ id: created[2]?.id });
        await admin.delete({ id: created[5]?.id });
        const live = await liveIds(ctx.db, spec.table);
        expect(await walk(2)).toEqual(live);
        expect(await walk(3)).toEqual(live);
        expect(await walk(100)).toEqual(live);
      });

      it('the next page starts after the last row seen, even when the first page is deleted meanwhile', async () => {
        const created = await createMany(4);
        // Only the rows made here: demo categories are referenced by articles and cannot be deleted.
        const filter = { [spec.textFilter.key]: 'contract' };
        const first = await list({ limit: 2, filter });
        expect(first.items.map((i) => i.id)).toEqual(created.slice(0, 2).map((r) => r.id));
        const admin = proceduresOf(ctx.as.admin, resource);
        for (const item of first.items) await admin.delete({ id: item.id });
        const second = await list({ limit: 2, filter, cursor: first.nextCursor });
        expect(second.items.map((i) => i.id)).toEqual(created.slice(2, 4).map((r) => r.id));
      });

      it('limit takes 1 to 100', async () => {
        await createMany(3);
        const live = await liveIds(ctx.db, spec.table);
        expect((await list({ limit: 1 })).items.map((i) => i.id)).toEqual(live.slice(0, 1));
        expect((await list({ limit: 100 })).items.map((i) => i.id)).toEqual(live.slice(0, 100));
        for (const limit of [0, -1, 101, 1000, 1.5]) {
          await expectError(list({ limit }), 'BAD_REQUEST');
        }
      });

      it(`filter.${spec.textFilter.key} matches case-insensitively as a substring`, async () => {
        const created = await createMany(12);
        const value = spec.textFilter.value(1);
        const page = await list({ limit: 100, filter: { [spec.textFilter.key]: value } });
        const expected = matching(created, value); // "… 1", "… 10", "… 11", "… 12"
        expect(expected).toHaveLength(4);
        expect(page.items.map((i) => i.id)).toEqual(expected);
        const none = await list({ filter: { [spec.textFilter.key]: 'no row has this text' } });
        expect(none).toEqual({ items: [], nextCursor: null });
      });

      it(`filter.${spec.textFilter.key} treats % and _ as plain characters`, async () => {
        const key = spec.textFilter.key;
        await createMany(2);
        const admin = proceduresOf(ctx.as.admin, resource);
        const special = parseRow(
          spec,
          await admin.create({ ...spec.createInput(ctx.demo, 99), [key]: 'Half 50% off_today' }),
        );
        for (const value of ['%', '_', '50%', 'F_T', '0% OFF_']) {
          const page = await list({ limit: 100, filter: { [key]: value } });
          expect(
            page.items.map((i) => i.id),
            `filter ${value}`,
          ).toEqual([special.id]);
        }
        expect((await list({ filter: { [key]: '5%f' } })).items).toEqual([]);
      });

      it('filtered pagination pages through the matching rows only', async () => {
        const created = await createMany(12);
        const value = spec.textFilter.value(1);
        expect(await walk(3, { filter: { [spec.textFilter.key]: value } })).toEqual(matching(created, value));
      });

      it('rejects `deleted`: only admin.* lists see deleted rows', async () => {
        for (const deleted of ['exclude', 'include', 'only']) {
          await expectError(list({ deleted }), 'BAD_REQUEST');
          await expectError(proceduresOf(ctx.as.admin, resource).list({ deleted }), 'BAD_REQUEST');
        }
      });

      it('rejects an unknown filter key and a forged cursor without a 500', async () => {
        await expectError(list({ filter: { nope: 'x' } }), 'BAD_REQUEST');
        await expectError(list({ cursor: 'not-a-cursor' }), 'BAD_REQUEST', { zodError: false });
        await expectError(list({ cursor: 'eyJpZCI6Ik9SIDE9MSJ9' }), 'BAD_REQUEST', { zodError: false });
      });
    });
  }

  describe('exact-match filters', () => {
    it('articles: filter.authorId and filter.categoryId', async () => {
      const { demo } = ctx;
      const byAuthor = await ctx.as.anonymous.articles.list.query({ filter: { authorId: demo.authors.bob } });
      expect(byAuthor.items.map((a) => a.id)).toEqual(demo.articles.bob);
      const engineering = await ctx.db
        .selectFrom('article')
        .select('id')
        .where('category_id', '=', demo.categories.engineering)
        .orderBy('id')
        .execute();
      const byCategory = await ctx.as.anonymous.articles.list.query({
        filter: { categoryId: demo.categories.engineering },
      });
      expect(byCategory.items.map((a) => a.id)).toEqual(engineering.map((r) => r.id));
      const both = await ctx.as.anonymous.articles.list.query({
        filter: { authorId: demo.authors.alice, categoryId: demo.categories.announcements },
      });
      expect(both.items).toEqual([]);
    });

    it('comments: filter.articleId and filter.authorId', async () => {
      const { demo } = ctx;
      const articleId = demo.articles.alice[0] as number;
      const byArticle = await ctx.as.anonymous.comments.list.query({ filter: { articleId } });
      expect(byArticle.items.map((c) => c.id)).toEqual(demo.commentsOf[articleId]);
      const byAuthor = await ctx.as.anonymous.comments.list.query({
        limit: 100,
        filter: { authorId: demo.authors.alice },
      });
      expect(byAuthor.items.map((c) => c.id)).toEqual(demo.comments.alice);
    });

    it('exact filters hide deleted rows too', async () => {
      const { demo } = ctx;
      const [first, ...rest] = demo.articles.bob;
      await ctx.as.bob.articles.delete.mutate({ id: first as number });
      const page = await ctx.as.anonymous.articles.list.query({ filter: { authorId: demo.authors.bob } });
      expect(page.items.map((a) => a.id)).toEqual(rest);
    });
  });
});
