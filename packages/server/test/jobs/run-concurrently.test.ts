import { describe, expect, it } from 'vitest';
import { runConcurrently } from '../../src/jobs/run-concurrently.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runConcurrently', () => {
  it('keeps at most `concurrency` items running and returns results in item order', async () => {
    let running = 0;
    let most = 0;
    const results = await runConcurrently([30, 5, 5, 5, 10, 1], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await tick(ms);
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 10, 10, 10, 20, 2]);
    expect(most).toBe(2);
  });

  it('lets a free worker take the next item while a long one runs (no lock-step rounds)', async () => {
    const started: number[] = [];
    await runConcurrently([0, 1, 2, 3], 2, async (i) => {
      started.push(i);
      await tick(i === 0 ? 60 : 5);
    });
    // Items 1, 2 and 3 all start while item 0 (60 ms) is still running.
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('starts no further item after a failure and rejects with it', async () => {
    const started: number[] = [];
    const failure = runConcurrently([0, 1, 2, 3, 4], 1, async (i) => {
      started.push(i);
      if (i === 1) throw new Error('boom');
    });
    await expect(failure).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });

  it('handles no items', async () => {
    expect(await runConcurrently([], 3, async () => 1)).toEqual([]);
  });
});
