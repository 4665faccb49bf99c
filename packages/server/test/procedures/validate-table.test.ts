import { describe, expect, it } from 'vitest';
import { checkTable } from '../../src/procedures/validate-table.js';

const columns = [
  { table_name: 'project', column_name: 'id', data_type: 'integer' },
  { table_name: 'project', column_name: 'is_deleted', data_type: 'boolean' },
  { table_name: 'project', column_name: 'name', data_type: 'text' },
  { table_name: 'label', column_name: 'id', data_type: 'integer' },
  { table_name: 'label', column_name: 'deleted_at', data_type: 'timestamp with time zone' },
];

describe('checkTable', () => {
  it('accepts a table whose id and flag columns exist with the right types', () => {
    expect(
      checkTable(
        { table: 'project', idColumn: 'id', softDelete: { column: 'is_deleted', kind: 'boolean' } },
        columns,
      ),
    ).toEqual([]);
    expect(
      checkTable(
        { table: 'label', idColumn: 'id', softDelete: { column: 'deleted_at', kind: 'timestamp' } },
        columns,
      ),
    ).toEqual([]);
  });

  it('names the table, the column and the fix when the boolean flag is missing', () => {
    expect(
      checkTable(
        { table: 'project', idColumn: 'id', softDelete: { column: 'deleted', kind: 'boolean' } },
        columns,
      ),
    ).toEqual([
      'Table "project" has no boolean column "deleted". Add it, or set the soft-delete column to the right name.',
    ]);
  });

  it('refuses a flag column of the wrong type', () => {
    const problems = checkTable(
      { table: 'project', idColumn: 'id', softDelete: { column: 'name', kind: 'boolean' } },
      columns,
    );
    expect(problems).toEqual([expect.stringContaining('has no boolean column "name"')]);
    expect(
      checkTable(
        { table: 'label', idColumn: 'id', softDelete: { column: 'deleted_at', kind: 'boolean' } },
        columns,
      ),
    ).toEqual([expect.stringContaining('Table "label" has no boolean column "deleted_at"')]);
    expect(
      checkTable(
        { table: 'project', idColumn: 'id', softDelete: { column: 'is_deleted', kind: 'timestamp' } },
        columns,
      ),
    ).toEqual([expect.stringContaining('Table "project" has no timestamptz column "is_deleted"')]);
  });

  it('reports a missing table and a missing id column', () => {
    expect(
      checkTable(
        { table: 'nope', idColumn: 'id', softDelete: { column: 'is_deleted', kind: 'boolean' } },
        columns,
      ),
    ).toEqual(['Table "nope" does not exist. Create it (run the migrations), or fix the table name.']);
    expect(
      checkTable(
        { table: 'project', idColumn: 'uuid', softDelete: { column: 'is_deleted', kind: 'boolean' } },
        columns,
      ),
    ).toEqual([
      'Table "project" has no column "uuid". Set idColumn to the name of its key column, or add the column.',
    ]);
  });
});
