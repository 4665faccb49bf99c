import { describe, expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { deletedIds, deletedState, liveIds } from '../helpers/db-state.js';
import { expectError } from '../helpers/expect-error.js';
import {
  adminProceduresOf,
  type Page,
  parseRow,
  proceduresOf,
  RESOURCES,
  SPECS,
  wireDeleted,
} from '../helpers/resources.js';

describeContract('admin visibility', (ctx) => {
  for (const resource of RESOURCES) {
    const spec = SPECS[resource];

    describe(`admin.${resource}`, () => {
      const admin = () => adminProceduresOf(ctx.as.admin, resource);
      /** Two fresh rows, one of them soft-deleted. */
      const liveAndDeleted = async () => {
        const api = proceduresOf(ctx.as.admin, resource);
        const live = parseRow(spec, await api.create(spec.createInput(ctx.demo, 1)));
        const gone = parseRow(spec, await api.create(spec.createInput(ctx.demo, 2)));
        await api.delete({ id: gone.id });
        return { live, gone };
      };
      const ids = (page: Page) => page.items.map((i) => i.id);

      it('list sees deleted rows: include by default, exclude and only on request', async () => {
        const { gone } = await liveAndDeleted();
        const live = await liveIds(ctx.db, spec.table);
        const deleted = await deletedIds(ctx.db, spec.table);
        expect(deleted).toEqual([gone.id]);
        const all = [...live, ...deleted].sort((a, b) => a - b);

        expect(ids((await admin().list({ limit: 100 })) as Page)).toEqual(all);
        expect(ids((await admin().list({ limit: 100, deleted: 'include' })) as Page)).toEqual(all);
        expect(ids((await admin().list({ limit: 100, deleted: 'exclude' })) as Page)).toEqual(live);
        const only = (await admin().list({ deleted: 'only' })) as Page;
        expect(ids(only)).toEqual(deleted);
        expect(only.items.every((row) => wireDeleted(parseRow(spec, row)))).toBe(true);
        expect(only.nextCursor).toBeNull();
      });

      it('list paginates and filters among deleted rows too', async () => {
        const api = proceduresOf(ctx.as.admin, resource);
        const made = [];
        for (let n = 1; n <= 5; n++)
          made.push(parseRow(spec, await api.create(spec.createInput(ctx.demo, n))));
        for (const row of made) await api.delete({ id: row.id });
        const first = (await admin().list({ deleted: 'only', limit: 2 })) as Page;
        const second = (await admin().list({ deleted: 'only', limit: 2, cursor: first.nextCursor })) as Page;
        expect([...ids(first), ...ids(second)]).toEqual(made.slice(0, 4).map((r) => r.id));
        const filtered = (await admin().list({
          deleted: 'only',
          filter: { [spec.textFilter.key]: spec.textFilter.value(3) },
        })) as Page;
        expect(ids(filtered)).toEqual([made[2]?.id]);
      });

      it('list rejects an unknown `deleted` value', async () => {
        await expectError(admin().list({ deleted: 'all' }), 'BAD_REQUEST');
      });

      it('get returns a deleted row, marked deleted', async () => {
        const { gone } = await liveAndDeleted();
        const row = parseRow(spec, await admin().get({ id: gone.id }));
        expect(row.id).toBe(gone.id);
        expect(wireDeleted(row)).toBe(true);
        await expectError(admin().get({ id: 987_654 }), 'NOT_FOUND');
      });

      it('update edits a deleted row and leaves it deleted', async () => {
        const { gone } = await liveAndDeleted();
        const row = parseRow(spec, await admin().update({ id: gone.id, patch: spec.patch }));
        expect(row).toMatchObject(spec.patch);
        expect(wireDeleted(row)).toBe(true);
        expect(await deletedState(ctx.db, spec.table, gone.id)).toBe(true);
        await expectError(proceduresOf(ctx.as.anonymous, resource).get({ id: gone.id }), 'NOT_FOUND');
      });

      it('is staff only: FORBIDDEN for alice and bob, UNAUTHORIZED without a token', async () => {
        await expectError(adminProceduresOf(ctx.as.alice, resource).list({}), 'FORBIDDEN');
        await expectError(adminProceduresOf(ctx.as.bob, resource).list({ deleted: 'only' }), 'FORBIDDEN');
        await expectError(adminProceduresOf(ctx.as.anonymous, resource).list({}), 'UNAUTHORIZED');
      });
    });
  }

  it('admin.articles rows are typed by the SDK, including the soft-delete column', async () => {
    const id = ctx.demo.articles.alice[0] as number;
    await ctx.as.alice.articles.delete.mutate({ id });
    const page = await ctx.as.admin.admin.articles.list.query({ deleted: 'only' });
    const first = page.items[0];
    expect(first?.isDeleted).toBe(true);
    expect(first?.authorId).toBe(ctx.demo.authors.alice);
    const category = await ctx.as.admin.admin.categories.get.query({ id: ctx.demo.categories.engineering });
    expect(category.deletedAt).toBeNull();
  });
});
