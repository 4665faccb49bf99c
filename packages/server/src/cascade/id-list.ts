/**
 * Id lists for bulk work on thousands of ids: sorting a typed array is native and allocates one
 * buffer, where a `Set` of 10,000 numbers costs milliseconds of hashing and garbage.
 */
import { compareIds, type RowId, uniqueSorted } from './row-id.js';

/**
 * The ids, each once, in ascending order (which is also the order rows should be locked in).
 * Numbers sort numerically, strings by code unit.
 *
 * @example
 * uniqueSortedIds([3, 1, 3, 2]); // [1, 2, 3]
 */
export function uniqueSortedIds<T extends RowId>(ids: readonly T[]): T[] {
  return uniqueSorted(ids);
}

/**
 * The ids of `sorted` that are not in `remove`; both ascending (as {@link uniqueSortedIds}
 * sorts) and without duplicates.
 *
 * @example
 * sortedDifference([1, 2, 3, 4], [2, 4]); // [1, 3]
 */
export function sortedDifference<T extends RowId>(sorted: readonly T[], remove: readonly T[]): T[] {
  const result: T[] = [];
  let j = 0;
  for (const id of sorted) {
    while (j < remove.length && compareIds(remove[j] as T, id) < 0) j++;
    if (j >= remove.length || remove[j] !== id) result.push(id);
  }
  return result;
}
