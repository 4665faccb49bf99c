import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedDifference, uniqueSortedIds } from '../../src/cascade/id-list.js';
import { idArray } from '../../src/cascade/soft-delete-sql.js';
import { compilingDatabase } from '../../src/testing/index.js';

describe('uniqueSortedIds', () => {
  it('sorts numerically and drops repeats', () => {
    expect(uniqueSortedIds([10, 9, 100, 9, 1])).toEqual([1, 9, 10, 100]);
    expect(uniqueSortedIds([])).toEqual([]);
  });

  it('matches a Set-and-sort for any list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2 ** 31 - 1 })), (ids) => {
        expect(uniqueSortedIds(ids)).toEqual([...new Set(ids)].sort((a, b) => a - b));
      }),
    );
  });
});

describe('sortedDifference', () => {
  it('keeps the ids the second list lacks', () => {
    expect(sortedDifference([1, 2, 3, 4, 5], [2, 4, 6])).toEqual([1, 3, 5]);
    expect(sortedDifference([1, 2], [])).toEqual([1, 2]);
    expect(sortedDifference([], [1])).toEqual([]);
  });

  it('matches a Set-based filter for any two lists', () => {
    const ids = fc.array(fc.integer({ min: 1, max: 50 })).map(uniqueSortedIds);
    fc.assert(
      fc.property(ids, ids, (a, b) => {
        const remove = new Set(b);
        expect(sortedDifference(a, b)).toEqual(a.filter((id) => !remove.has(id)));
      }),
    );
  });
});

describe('idArray', () => {
  it('sends the ids as one array literal parameter', () => {
    const compiled = idArray([3, 1, 2]).compile(compilingDatabase());
    expect(compiled.sql).toBe('$1::integer[]');
    expect(compiled.parameters).toEqual(['{3,1,2}']);
  });

  it('takes integer keys as drivers return them (strings, bigints)', () => {
    const compiled = idArray(['7', 8n, 9] as unknown as number[]).compile(compilingDatabase());
    expect(compiled.parameters).toEqual(['{7,8,9}']);
  });

  it('refuses anything that is not an integer, before it reaches SQL', () => {
    expect(() => idArray([1, 1.5])).toThrow('Not an integer id: 1.5');
    expect(() => idArray([Number.NaN])).toThrow('Not an integer id: NaN');
    expect(() => idArray(['1}', '{2'] as unknown as number[])).toThrow('Not an integer id: 1}');
  });
});
