import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@tombstone/server/http';
import { testDialects } from '@tombstone/server/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { buildConsole, startConsoleServer } from '../helpers/console-server.js';
import { deletedState } from '../helpers/db-state.js';
import { type DemoData, loadDemo } from '../helpers/demo-data.js';
import type { ReferenceTestDatabase } from '../helpers/reference-database.js';

/** `TRASH_SCREENSHOTS=1`: save the main screens as PNG under docs/screenshots/ (PGlite run). */
const SHOTS = process.env.TRASH_SCREENSHOTS === '1';
const SHOT_DIR = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

for (const dialect of testDialects()) {
  describe(`trash console in Chromium [${dialect}]`, () => {
    let test: ReferenceTestDatabase;
    let running: RunningServer;
    let browser: { context: BrowserContext; close(): Promise<void> };
    let page: Page;
    let demo: DemoData;
    const shoot = async (name: string) => {
      if (SHOTS && dialect === 'pglite')
        await page.screenshot({ path: `${SHOT_DIR}${name}.png`, fullPage: true });
    };
    const status = () => page.locator('#status');

    beforeAll(async () => {
      buildConsole();
      if (SHOTS) await mkdir(SHOT_DIR, { recursive: true });
      ({ test, running } = await startConsoleServer(dialect));
      demo = await loadDemo(test.db);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(5_000);
    });

    afterAll(async () => {
      await browser?.close();
      await running?.close();
      await test?.destroy();
    });

    async function signInAs(token: string) {
      // A fresh session: the token lives in sessionStorage, which survives a reload.
      await page.goto(`${running.url}/trash`);
      await page.evaluate('sessionStorage.clear()');
      await page.goto(`${running.url}/trash#batches`);
      await page.reload();
      await page.getByLabel('API token').fill(token);
      await shoot('01-sign-in');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }

    it('signs in, deletes an article after a preview, sees the batch and restores it', async () => {
      await signInAs('demo-admin-token');
      await expect.poll(() => page.locator('main h2').textContent()).toBe('Trash');

      const [article] = demo.articles.alice as [number];
      const comments = demo.commentsOf[article] ?? [];
      await page.getByRole('link', { name: 'Articles' }).click();
      const row = page.locator(`li[data-article="${article}"]`);
      await row.getByRole('button', { name: /Delete/ }).click();
      const dialog = page.getByRole('dialog');
      await expect
        .poll(() => dialog.locator('.preview').textContent())
        .toBe(
          comments.length > 0
            ? `This also deletes ${comments.length} comment${comments.length === 1 ? '' : 's'}.`
            : 'Only this article is deleted.',
        );
      await shoot('03-delete-preview');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => status().textContent()).toMatch(/^Deleted/);
      expect(await deletedState(test.db, 'article', article)).toBe(true);

      await page.getByRole('link', { name: 'Batches' }).click();
      const batchRow = page.locator('tr[data-batch]').first();
      await expect.poll(() => batchRow.textContent()).toContain(`article ${article}`);
      await shoot('02-batches');
      await batchRow.getByRole('link', { name: /Open/ }).click();
      await expect.poll(() => page.locator('main h2').textContent()).toBe(`Batch: article ${article}`);
      await page.locator('summary').first().click();
      await expect.poll(() => page.locator('.chip').first().textContent()).toBe(`article ${article}`);
      await shoot('04-batch-tree');
      await page.getByRole('button', { name: 'Restore batch' }).click();
      await expect.poll(() => page.getByRole('dialog').textContent()).toContain('brings back 1 article');
      await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
      await expect.poll(() => status().textContent()).toMatch(/^Restored 1 article/);
      expect(await deletedState(test.db, 'article', article)).toBe(false);
      for (const id of comments) expect(await deletedState(test.db, 'comment', id)).toBe(false);
    });

    it('a hold blocks the purge (dry run) and the hard delete, with the error shown', async () => {
      const [article] = demo.articles.bob as [number];
      await page.getByRole('link', { name: 'Articles' }).click();
      await page
        .locator(`li[data-article="${article}"]`)
        .getByRole('button', { name: /Delete/ })
        .click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => status().textContent()).toMatch(/^Deleted/);

      await page.getByRole('link', { name: 'Batches' }).click();
      await page.locator('tr[data-batch]').first().getByRole('link', { name: /Open/ }).click();
      await page.getByRole('button', { name: 'Hold' }).click();
      await page.getByRole('dialog').getByLabel('Reason').fill('Case 42');
      await page.getByRole('dialog').getByRole('button', { name: 'Hold' }).click();
      await expect.poll(() => page.locator('.facts').textContent()).toContain('held: Case 42');

      await page.getByRole('button', { name: 'Hard-delete…' }).click();
      const dialog = page.getByRole('dialog');
      const confirm = dialog.getByRole('button', { name: 'Hard-delete' });
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByLabel('Type "delete" to confirm').fill('delete');
      await shoot('05-hard-delete-typed');
      await confirm.click();
      await expect.poll(() => status().textContent()).toMatch(/^CONFLICT: .*legal hold.*Case 42/);
      expect(await deletedState(test.db, 'article', article)).toBe(true);

      await page.getByRole('link', { name: 'Purge' }).click();
      await page.getByLabel('Deleted more than (days) ago').fill('0');
      await page.getByRole('button', { name: 'Dry run' }).click();
      const articleRow = page.locator('table.purge tr', { has: page.locator('th', { hasText: 'article' }) });
      await expect.poll(() => articleRow.locator('td').allTextContents()).toEqual(['0', '0', '1']);
      await shoot('06-purge-dry-run');
    });

    it('shows running jobs in progress, their bars moving, until they finish', async () => {
      const bob = demo.authors.bob;
      // A large delete some process is running (its rows are not touched: only the job row is shown).
      const id = randomUUID();
      await test.db
        .insertInto('tombstone_job')
        .values({
          id,
          operation: 'delete',
          table_name: 'author',
          row_ids: [String(bob)],
          batch_ids: [randomUUID()],
          actor_id: String(demo.authors.admin),
          total_rows: 40,
          done_rows: 10,
          error: null,
        })
        .execute();
      await page.getByRole('link', { name: 'Articles' }).click();
      await page.getByRole('link', { name: 'Batches' }).click();
      const section = page.getByRole('region', { name: 'In progress' });
      const item = section.locator(`li[data-job="${id}"]`);
      await expect.poll(() => item.textContent()).toBe(`Deleting author ${bob}10 / 40 rows (25%)`);
      expect(
        await item.getByRole('progressbar', { name: `Deleting author ${bob}` }).getAttribute('value'),
      ).toBe('10');
      await shoot('09-in-progress');

      // Asked again every 2 s: the bar follows the committed chunks.
      await test.db.updateTable('tombstone_job').set({ done_rows: 30 }).where('id', '=', id).execute();
      const refresh = { timeout: 5_000 };
      await expect.poll(() => item.locator('.job-count').textContent(), refresh).toBe('30 / 40 rows (75%)');
      await test.db
        .updateTable('tombstone_job')
        .set({ done_rows: 40, status: 'done', finished_at: new Date() })
        .where('id', '=', id)
        .execute();
      await expect.poll(() => section.isVisible(), refresh).toBe(false);
      await expect.poll(() => page.locator('tr[data-batch]').count()).toBeGreaterThan(0);
    });

    it('shows the API’s error on a forbidden action', async () => {
      await signInAs('demo-alice-token');
      await expect.poll(() => status().textContent()).toBe('FORBIDDEN: The trash is for staff only.');
      // Bob's second article (the first one is held in the trash by now).
      const [, others] = demo.articles.bob as [number, number];
      await page.getByRole('link', { name: 'Articles' }).click();
      await page
        .locator(`li[data-article="${others}"]`)
        .getByRole('button', { name: /Delete/ })
        .click();
      await expect.poll(() => status().textContent()).toMatch(/^FORBIDDEN: You may not delete article/);
      await shoot('07-forbidden');
      expect(await deletedState(test.db, 'article', others)).toBe(false);
    });

    it('is usable at 360 px', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await signInAs('demo-admin-token');
      await expect.poll(() => page.locator('tr[data-batch]').count()).toBeGreaterThan(0);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await shoot('08-mobile-batches');
    });
  });
}
