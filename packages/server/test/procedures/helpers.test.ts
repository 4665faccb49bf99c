import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { BulkResultBuilder } from '../../src/procedures/bulk-result.js';
import { decodeCursor, encodeCursor } from '../../src/procedures/cursor.js';
import { toTRPCError } from '../../src/procedures/database-errors.js';
import { camelToSnake, snakeToCamel, toColumnValues, toWireRow } from '../../src/procedures/wire-mapping.js';

describe('wire mapping', () => {
  it('maps snake_case rows to camelCase wire rows with ISO dates', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(toWireRow({ id: 1, team_id: 2, label_id: null, is_deleted: false, created_at: at })).toEqual({
      id: 1,
      teamId: 2,
      labelId: null,
      isDeleted: false,
      createdAt: '2026-01-02T03:04:05.678Z',
    });
  });

  it('maps input to columns, leaving out undefined keys but keeping null', () => {
    expect(toColumnValues({ labelId: null, title: undefined, isArchived: true })).toEqual({
      label_id: null,
      is_archived: true,
    });
    expect(camelToSnake(snakeToCamel('key_hash'))).toBe('key_hash');
  });
});

describe('cursor', () => {
  it('round-trips an id and rejects forged cursors with BAD_REQUEST', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    for (const forged of [
      '',
      'abc',
      Buffer.from('{"id":-1}').toString('base64url'),
      Buffer.from('{"id":"1"}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(forged)).toThrowError(expect.objectContaining({ code: 'BAD_REQUEST' }));
    }
  });
});

describe('BulkResultBuilder', () => {
  it('renders the contract shape with sorted successes and failures that win over success', () => {
    const result = new BulkResultBuilder()
      .succeed([3, 1])
      .fail(99, 'NOT_FOUND', 'gone')
      .fail(3, 'CONFLICT', 'blocked')
      .succeed([3]);
    expect(result.toJSON()).toEqual({
      success: { count: 1, details: [1] },
      errors: {
        count: 2,
        details: [
          { id: 99, code: 'NOT_FOUND', message: 'gone' },
          { id: 3, code: 'CONFLICT', message: 'blocked' },
        ],
      },
    });
  });
});

describe('toTRPCError', () => {
  it('maps a unique violation to CONFLICT naming the column', () => {
    const error = toTRPCError(
      Object.assign(new Error('dup'), { code: '23505', detail: 'Key (code)=(x) already exists.' }),
      'project',
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('code') });
  });

  it('maps FK violations: a referencing child is CONFLICT, a missing parent is NOT_FOUND', () => {
    const restrict = Object.assign(
      new Error('update or delete on table "label" violates foreign key constraint on table "project"'),
      {
        code: '23503',
        detail: 'Key (id)=(1) is still referenced from table "project".',
      },
    );
    expect(toTRPCError(restrict)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"project"'),
    });
    const missing = Object.assign(new Error('insert violates fk'), {
      code: '23503',
      detail: 'Key (project_id)=(9) is not present in table "project".',
    });
    expect(toTRPCError(missing)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('passes other errors through unchanged', () => {
    const other = new Error('boom');
    expect(toTRPCError(other)).toBe(other);
  });
});
