import { describe, expect, it } from 'vitest';
import {
  adminListInputSchema,
  articleCreateSchema,
  articleFilterSchema,
  articlePatchSchema,
  authorCreateSchema,
  bulkIdsSchema,
  commentCreateSchema,
  idInputSchema,
  listInputSchema,
  MAX_ID,
} from '../src/index.js';

describe('input schemas', () => {
  it('reject unknown keys, so authorId, isDeleted or id cannot be mass-assigned', () => {
    const base = { title: 'T', slug: 'a-b', content: '' };
    expect(articleCreateSchema.safeParse(base).success).toBe(true);
    for (const extra of [{ authorId: 2 }, { isDeleted: true }, { id: 5 }]) {
      expect(articleCreateSchema.safeParse({ ...base, ...extra }).success).toBe(false);
      expect(articlePatchSchema.safeParse(extra).success).toBe(false);
    }
  });

  it('enforce the contract limits', () => {
    const ok = { title: 'x'.repeat(200), slug: 'a'.repeat(100), content: 'c'.repeat(100_000) };
    expect(articleCreateSchema.safeParse(ok).success).toBe(true);
    expect(articleCreateSchema.safeParse({ ...ok, title: 'x'.repeat(201) }).success).toBe(false);
    expect(articleCreateSchema.safeParse({ ...ok, slug: 'a'.repeat(101) }).success).toBe(false);
    expect(articleCreateSchema.safeParse({ ...ok, slug: 'Not_A_Slug' }).success).toBe(false);
    expect(articleCreateSchema.safeParse({ ...ok, content: 'c'.repeat(100_001) }).success).toBe(false);
    expect(commentCreateSchema.safeParse({ articleId: 1, body: 'b'.repeat(100_001) }).success).toBe(false);
    expect(authorCreateSchema.safeParse({ name: 'n', email: 'not-an-email' }).success).toBe(false);
    expect(authorCreateSchema.safeParse({ name: 'n'.repeat(101), email: 'a@b.io' }).success).toBe(false);
  });

  it('refuse NUL characters, which PostgreSQL text cannot hold', () => {
    expect(articleCreateSchema.safeParse({ title: 'a\u0000b', slug: 's', content: '' }).success).toBe(false);
    expect(commentCreateSchema.safeParse({ articleId: 1, body: '\u0000' }).success).toBe(false);
    expect(listInputSchema(articleFilterSchema).safeParse({ filter: { title: '\u0000' } }).success).toBe(
      false,
    );
    expect(articleCreateSchema.parse({ title: '  padded  ', slug: 's', content: '' }).title).toBe('padded');
  });

  it('take ids as positive 32-bit integers only', () => {
    for (const id of [1, MAX_ID]) expect(idInputSchema.safeParse({ id }).success).toBe(true);
    for (const id of [0, -1, 1.5, MAX_ID + 1, '1', null])
      expect(idInputSchema.safeParse({ id }).success).toBe(false);
  });

  it('bound bulk ids to 1..10000 by default and to a chosen limit', () => {
    expect(bulkIdsSchema().safeParse({ ids: [] }).success).toBe(false);
    expect(bulkIdsSchema().safeParse({ ids: Array.from({ length: 10_000 }, (_, i) => i + 1) }).success).toBe(
      true,
    );
    expect(bulkIdsSchema().safeParse({ ids: Array.from({ length: 10_001 }, (_, i) => i + 1) }).success).toBe(
      false,
    );
    expect(
      bulkIdsSchema(100_000).safeParse({ ids: Array.from({ length: 100_000 }, (_, i) => i + 1) }).success,
    ).toBe(true);
  });

  it('default list limit to 20, bound it to 1..100 and accept deleted on admin lists only', () => {
    const list = listInputSchema(articleFilterSchema);
    expect(list.parse({})).toEqual({ limit: 20 });
    expect(list.parse(undefined)).toEqual({ limit: 20 });
    expect(list.safeParse({ limit: 0 }).success).toBe(false);
    expect(list.safeParse({ limit: 101 }).success).toBe(false);
    expect(list.safeParse({ deleted: 'include' }).success).toBe(false);
    expect(adminListInputSchema(articleFilterSchema).parse({})).toEqual({ limit: 20, deleted: 'include' });
    expect(adminListInputSchema(articleFilterSchema).parse(undefined)).toEqual({
      limit: 20,
      deleted: 'include',
    });
    expect(list.safeParse({ filter: { body: 'x' } }).success).toBe(false);
  });
});
