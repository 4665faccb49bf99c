import { type Kysely, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createTombstone } from '../../src/procedures/tombstone.js';
import { describeEachDialect } from '../helpers/each-dialect.js';
import { adoptionMigrations, adoptionRouter, createAdoptionSchema } from './adoption-schema.js';

const STATEMENTS = [
  'create or replace view org_names as select name from org',
  'create or replace view org_live as select * from org where not is_deleted',
  `create materialized view if not exists team_counts as select org_id, count(*) as teams from team group by org_id`,
  `create or replace function org_count() returns bigint language sql stable as $$ select count(*) from org $$`,
  `create or replace function shard_total() returns bigint language plpgsql as $$
     begin
       return (select count(*) from shard);
     end $$`,
  // Mentions a table only in a comment, and a word that merely contains a table name: not a reader.
  `create or replace function unrelated() returns int language plpgsql as $$
     begin
       -- the org table is not read here
       return (select count(*) from pg_class where relname = 'organisation');
     end $$`,
];

describeEachDialect(
  'views and functions the plugin cannot see',
  (t) => {
    let db: Kysely<unknown>;
    beforeAll(async () => {
      db = t.db as unknown as Kysely<unknown>;
      await createAdoptionSchema(db);
      for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
    });

    it('reports every unfiltered view, materialized view and function, once each, naming the tables and the fix', async () => {
      const logged: string[] = [];
      const tombstone = await createTombstone(db, adoptionRouter, {
        logger: { warn: (m) => logged.push(m) },
        advisor: false,
      });
      expect(tombstone.warnings.map((w) => [w.kind, w.name, w.tables])).toEqual([
        ['view', 'org_names', ['org']],
        ['materialized view', 'team_counts', ['team']],
        ['function', 'org_count()', ['org']],
        ['function', 'shard_total()', ['shard']],
      ]);
      expect(logged).toEqual(tombstone.warnings.map((w) => w.message));
      expect(logged[0]).toBe(
        'View "org_names" reads the soft-deletable table "org", and Tombstone cannot filter it (only Kysely queries get ' +
          'the soft-delete predicate): it returns soft-deleted rows. Filter it with the predicate (org: not is_deleted), ' +
          'e.g. read from a live view: create view org_live as select * from org where not is_deleted.',
      );
      expect(logged[2]).toMatch(/^Function org_count\(\) reads the soft-deletable table "org"/);
    });

    it('warns through console.warn by default', async () => {
      const { vi } = await import('vitest');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        await createTombstone(db, adoptionRouter, { advisor: false });
        expect(warn).toHaveBeenCalledTimes(4);
      } finally {
        warn.mockRestore();
      }
    });
  },
  { migrations: adoptionMigrations },
);
