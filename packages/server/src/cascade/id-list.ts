/**
 * Id lists for bulk work on thousands of ids: sorting a typed array is native and allocates one
 * buffer, where a `Set` of 10,000 numbers costs milliseconds of hashing and garbage.
 */

/**
 * The ids, each once, in ascending order (which is also the order rows should be locked in).
 *
 * @example
 * uniqueSortedIds([3, 1, 3, 2]); // [1, 2, 3]
 */
export function uniqueSortedIds(ids: readonly number[]): number[] {
  const sorted = Float64Array.from(ids).sort();
  const result: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const id = sorted[i] as number;
    if (i === 0 || id !== sorted[i - 1]) result.push(id);
  }
  return result;
}

/**
 * The ids of `sorted` that are not in `remove`; both ascending and without duplicates.
 *
 * @example
 * sortedDifference([1, 2, 3, 4], [2, 4]); // [1, 3]
 */
export function sortedDifference(sorted: readonly number[], remove: readonly number[]): number[] {
  const result: number[] = [];
  let j = 0;
  for (const id of sorted) {
    while (j < remove.length && (remove[j] as number) < id) j++;
    if (j >= remove.length || remove[j] !== id) result.push(id);
  }
  return result;
}
