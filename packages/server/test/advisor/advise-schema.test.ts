import { initTRPC } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adviseSchema } from '../../src/advisor/advise-schema.js';
import { softDeleteProcedures } from '../../src/procedures/soft-delete-procedures.js';
import { createTombstone, type Tombstone } from '../../src/procedures/tombstone.js';
import { openTestDatabase, type TestDatabase, testDialects } from '../../src/testing/index.js';

const SCHEMA = [
  `create table shop (id integer primary key, code text not null constraint shop_code_key unique,
     name text not null, is_deleted boolean not null default false, updated_at timestamptz not null default now())`,
  `create unique index shop_name_idx on shop (lower(name))`,
  `create function touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$`,
  `create trigger shop_touch before update on shop for each row execute function touch()`,
  `create trigger shop_name_only before update of name on shop for each row execute function touch()`,
  `create table item (id text primary key, sku text not null, deleted_at timestamptz)`,
  `create unique index item_sku_live on item (sku) where deleted_at is null`,
  `create index item_live_id_idx on item (id) where deleted_at is null`,
];

// biome-ignore lint/suspicious/noExplicitAny: a schema made of raw SQL.
const t = initTRPC.context<{ db: Kysely<any>; tombstone: Tombstone }>().create();
const schemas = {
  row: z.looseObject({}),
  create: z.looseObject({}),
  patch: z.looseObject({}),
  filter: z.strictObject({}),
};
const router = t.router({
  shops: softDeleteProcedures({
    t,
    table: 'shop',
    softDelete: { column: 'is_deleted', kind: 'boolean' },
    schemas,
  }),
  items: softDeleteProcedures({
    t,
    table: 'item',
    softDelete: { column: 'deleted_at', kind: 'timestamp' },
    schemas: { ...schemas, id: z.string() },
  }),
});

for (const dialect of testDialects()) {
  describe(`schema advisor [${dialect}]`, () => {
    let test: TestDatabase<unknown>;
    beforeAll(async () => {
      test = await openTestDatabase(dialect, { migrations: {} });
      for (const statement of SCHEMA) await sql.raw(statement).execute(test.db);
    }, 60_000);
    afterAll(() => test.destroy());

    it('finds non-partial uniques, missing live indexes and triggers on the soft-delete UPDATE, with fixes that work', async () => {
      const logged: string[] = [];
      const tombstone = await createTombstone(test.db, router, { logger: { warn: (m) => logged.push(m) } });
      const found = tombstone.advice.map((f) => [f.rule, f.severity, f.table, f.object]);
      expect(found).toEqual([
        ['unique-not-partial', 'error', 'shop', 'shop_code_key'],
        ['unique-not-partial', 'error', 'shop', 'shop_name_idx'],
        ['no-live-index', 'warning', 'shop', 'shop_live_id_idx'],
        ['trigger-on-soft-delete', 'warning', 'shop', 'shop_touch'],
      ]);
      expect(logged).toHaveLength(4);
      expect(logged[0]).toContain('shop_code_key');
      expect(tombstone.advice[0]?.fix).toBe(
        'ALTER TABLE "shop" DROP CONSTRAINT "shop_code_key"; CREATE UNIQUE INDEX shop_code_key ON public.shop USING btree (code) WHERE NOT "is_deleted";',
      );
      expect(tombstone.advice[3]?.fix).toContain(
        'WHEN (old."is_deleted" IS NOT DISTINCT FROM new."is_deleted") EXECUTE FUNCTION touch()',
      );

      for (const finding of tombstone.advice) {
        for (const statement of finding.fix.replace('CONCURRENTLY ', '').split(/;\s+(?=DROP|ALTER|CREATE)/)) {
          await sql.raw(statement).execute(test.db);
        }
      }
      expect(await adviseSchema(test.db, tombstone)).toEqual([]);
      // The fixes do what they say: a deleted row no longer blocks its value, the trigger skips deletes.
      await sql`insert into shop (id, code, name, is_deleted, updated_at) values (1, 'a', 'A', true, '2000-01-01')`.execute(
        test.db,
      );
      await sql`insert into shop (id, code, name) values (2, 'a', 'A')`.execute(test.db);
      await sql`update shop set is_deleted = false where id = 1`.execute(test.db).catch(() => undefined);
      await sql`update shop set is_deleted = true where id = 2`.execute(test.db);
      const { rows } = await sql<{
        year: number;
      }>`select extract(year from updated_at)::int as year from shop where id = 1`.execute(test.db);
      expect(rows[0]?.year).toBe(2000);
    });
  });
}
