import { type Kysely, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createTombstone } from '../../src/procedures/tombstone.js';
import { SoftDeleteSchemaError } from '../../src/procedures/validate-table.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { adoptionMigrations, singleTableRouter } from './adoption-schema.js';

const silent = { warn: () => {} };

const STATEMENTS = [
  // `id` exists but is not unique: delete({ id: 1 }) could soft-delete another row.
  'create table if not exists loose (id integer not null, is_deleted boolean not null default false)',
  // Unique only among some rows.
  `create table if not exists half (id integer not null, is_deleted boolean not null default false)`,
  'create unique index if not exists half_live_id on half (id) where not is_deleted',
  // The key is `ref`, not `id`.
  'create table if not exists keyed (ref integer primary key, is_deleted boolean not null default false)',
  // Partitioned by time: its only key is composite.
  `create table if not exists reading (
     id bigint not null, at date not null, is_deleted boolean not null default false, primary key (id, at)
   ) partition by range (at)`,
  'create table if not exists reading_all partition of reading default',
  'create table if not exists priced (price numeric primary key, is_deleted boolean not null default false)',
];

describeEachDialect(
  'createTombstone refuses an id column that cannot identify a row',
  (t) => {
    let db: Kysely<unknown>;
    beforeAll(async () => {
      db = t.db as unknown as Kysely<unknown>;
      for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
    });

    const refusal = async (table: string, idColumn?: string) => {
      const error = await createTombstone(db, singleTableRouter(table, idColumn), { logger: silent }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(SoftDeleteSchemaError);
      return (error as Error).message;
    };

    it('refuses a non-unique id column, naming the table, the column and the fix', async () => {
      expect(await refusal('loose')).toBe(
        'Table "loose" column "id" cannot be the id column: no primary key or unique index on it alone makes it unique. ' +
          'Tombstone finds rows by it, so a delete could touch other rows. Make it the primary key or add a unique index on it alone ' +
          '(create unique index on "loose" ("id")), or set idColumn to a single-column key of "loose".',
      );
    });

    it('refuses a column that only a partial unique index covers', async () => {
      expect(await refusal('half')).toMatch(
        /"half" column "id" cannot be the id column: its unique index "half_live_id" is partial/,
      );
    });

    it('refuses a missing id column (the key is not named id), and accepts the right one', async () => {
      expect(await refusal('keyed')).toBe(
        'Table "keyed" has no column "id". Set idColumn to the name of its key column, or add the column.',
      );
      const tombstone = await createTombstone(db, singleTableRouter('keyed', 'ref'), { logger: silent });
      expect(tombstone.graph.idColumns.keyed).toBe('ref');
    });

    it('refuses a partitioned table whose only key is composite', async () => {
      expect(await refusal('reading')).toMatch(
        /"reading" column "id" cannot be the id column: the primary key "reading_pkey" is composite \(id, at\), and composite keys are not supported/,
      );
    });

    it('refuses a key of a type it cannot handle', async () => {
      expect(await refusal('priced', 'price')).toMatch(
        /"priced" column "price" is of type numeric; an id column must be smallint, integer, bigint, uuid, text or varchar/,
      );
    });
  },
  { migrations: adoptionMigrations },
);
