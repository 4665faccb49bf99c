import { expect, it } from 'vitest';
import { runDemo } from '../../src/run-demo.js';
import { describeContract } from '../helpers/contract-server.js';
import { snapshot } from '../helpers/db-state.js';

describeContract('demo', (ctx) => {
  it('walks the lifecycle through the SDK, prints every step, and leaves the data as it found it', async () => {
    const before = await snapshot(ctx.db);
    const lines: string[] = [];
    const result = await runDemo({ url: ctx.url, log: (line) => lines.push(line) });

    expect(result.getAfterDelete).toBe('NOT_FOUND');
    expect(result.seenInTrash).toBe(true);
    expect(result.restored).toMatchObject({
      id: result.articleId,
      authorId: ctx.demo.authors.alice,
      isDeleted: false,
    });
    expect(result.getAfterHardDelete).toBe('NOT_FOUND');

    const output = lines.join('\n');
    for (const step of [
      '1. List',
      '2. Alice writes',
      '3. Alice deletes',
      '4. Getting it',
      '5. Staff list the trash',
      '6. Staff restore',
      '7. Staff delete it for good',
    ]) {
      expect(output).toContain(step);
    }
    expect(output).toContain('Soft delete done right'); // a demo article from the listing
    expect(output).toMatch(/articles\.get\(\{ id: \d+ \}\) → NOT_FOUND/);

    // The demo's article is gone for good; everything else is as it was.
    const after = await snapshot(ctx.db);
    expect(after.article.some((row) => (row as { id: number }).id === result.articleId)).toBe(false);
    for (const table of ['author', 'category', 'article', 'comment', 'api_token'] as const) {
      expect(after[table], table).toEqual(before[table]);
    }
  });

  it('can run again and again', async () => {
    const first = await runDemo({ url: ctx.url, log: () => {} });
    const second = await runDemo({ url: ctx.url, log: () => {} });
    expect(second.articleId).not.toBe(first.articleId);
    expect(second.getAfterHardDelete).toBe('NOT_FOUND');
  });
});
