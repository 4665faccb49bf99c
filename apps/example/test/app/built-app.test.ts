import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@tombstone/sdk';
import { createDatabase, migrateToLatest } from '@tombstone/server/reference';
import { testDialects } from '@tombstone/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RunningApp, runScript, startApp } from '../helpers/app-process.js';
import { openReferenceDatabase } from '../helpers/reference-database.js';

/** Stops every app a test started, even when the test fails midway. */
const started: RunningApp[] = [];
async function start(env: Record<string, string>): Promise<RunningApp> {
  const app = await startApp(env);
  started.push(app);
  return app;
}

describe('the built example app', () => {
  beforeAll(async () => {
    await buildApp();
  }, 120_000);

  afterAll(async () => {
    for (const app of started) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  });

  it('starts on in-memory PGlite, serves the API and the demo, and stops cleanly on SIGTERM', async () => {
    const app = await start({ DATA_DIR: 'memory://' });
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(app.output()).toContain(app.url);
    expect(app.output()).toContain('demo-alice-token');

    const page = await createClient({ url: app.url }).articles.list.query({});
    expect(page.items.length).toBeGreaterThan(0);
    const missing = await fetch(`${app.url}/trpc/articles.get?input=${encodeURIComponent('{"id":999999}')}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toMatch(/"stack"|\bat .+\.js:\d+/);

    // npm run demo, against this server.
    const demo = runScript('demo.js', { DEMO_URL: app.url });
    const code = await demo.exited;
    const output = demo.output();
    expect(code, output).toBe(0);
    expect(output).toContain(`Tombstone demo against ${app.url}`);
    expect(output).toContain('7. Staff delete it for good');
    expect(output.match(/→ NOT_FOUND/g)).toHaveLength(2);

    expect(await app.stop()).toBe(0);
  }, 90_000);

  // Defined only where PostgreSQL is available (CI sets DATABASE_URL); PGlite is covered above.
  if (testDialects().includes('postgres')) {
    it('starts on PostgreSQL with DATABASE_URL', async () => {
      const database = await openReferenceDatabase('postgres');
      try {
        const app = await start({ DATABASE_URL: database.url as string });
        expect(app.output()).toContain('PostgreSQL');
        const authors = await createClient({ url: app.url }).authors.list.query({});
        expect(authors.items.map((a) => a.name).sort()).toEqual(['admin', 'alice', 'bob']);
        expect(await app.stop()).toBe(0);
      } finally {
        await database.destroy();
      }
    }, 60_000);
  }

  it('keeps its data in a PGlite data directory across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tombstone-app-'));
    try {
      const first = await start({ DATA_DIR: dataDir });
      const alice = createClient({ url: first.url, token: 'demo-alice-token' });
      const created = await alice.articles.create.mutate({
        title: 'Survives',
        slug: 'survives',
        content: '',
      });
      const [gone] = (await alice.articles.list.query({ filter: { authorId: created.authorId } })).items;
      await alice.articles.delete.mutate({ id: gone?.id as number });
      expect(await first.stop()).toBe(0);

      const second = await start({ DATA_DIR: dataDir });
      const client = createClient({ url: second.url, token: 'demo-admin-token' });
      expect(await client.articles.get.query({ id: created.id })).toMatchObject({ title: 'Survives' });
      const trash = await client.admin.articles.list.query({ deleted: 'only' });
      expect(trash.items.map((a) => a.id)).toEqual([gone?.id]);
      // Seeding happens into an empty database only.
      expect((await client.authors.list.query({})).items).toHaveLength(3);
      expect(second.output()).not.toContain('Seeded demo data');
      expect(await second.stop()).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('npm run demo: fails with a clear message when no server answers', async () => {
    const demo = runScript('demo.js', { DEMO_URL: 'http://127.0.0.1:9' });
    expect(await demo.exited).toBe(1);
    expect(demo.output()).toContain('Could not run the demo against http://127.0.0.1:9');
  }, 30_000);

  it('refuses to start on a schema that does not match, naming the table and the column', async () => {
    // The check is the same on both databases; PostgreSQL, when there is one, is the quicker to set up.
    const postgres = process.env.DATABASE_URL ? await openReferenceDatabase('postgres') : undefined;
    const dataDir = postgres ? undefined : await mkdtemp(join(tmpdir(), 'tombstone-bad-schema-'));
    try {
      const db = postgres?.db ?? (await createDatabase({ dataDir }));
      await migrateToLatest(db);
      await db.schema.alterTable('article').renameColumn('is_deleted', 'removed').execute();
      if (!postgres) await db.destroy();

      const env: Record<string, string> = postgres
        ? { DATABASE_URL: postgres.url as string }
        : { DATA_DIR: dataDir as string };
      const app = runScript('main.js', { ...env, PORT: '0' });
      const code = await app.exited;
      expect(code).not.toBe(0);
      expect(app.output()).toContain(
        'Table "article" has no boolean column "is_deleted". Add it, or set the soft-delete column to the right name.',
      );
    } finally {
      await postgres?.destroy();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
