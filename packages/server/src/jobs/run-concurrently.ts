/**
 * Runs `work` on every item with at most `concurrency` running at once, each worker taking the
 * next item as soon as its last one is done (no lock-step rounds, so one long item does not keep
 * the other workers idle). Resolves with the results in the items' order; the first failure
 * rejects once the running items have settled, and no further item starts after it.
 *
 * @example
 * const counts = await runConcurrently(entries, 2, (entry) => restoreEntry(entry));
 */
export async function runConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}
