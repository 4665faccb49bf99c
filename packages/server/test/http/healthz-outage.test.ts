import net from 'node:net';
import { initTRPC } from '@trpc/server';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/http/create-server.js';
import { listen, type RunningServer } from '../../src/http/listen.js';

/** A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
async function pgProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let up = true;
  const server = net.createServer((client) => {
    if (!up) return client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      up = true;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const url = process.env.DATABASE_URL;

describe.runIf(url)('GET /healthz against a PostgreSQL that goes away [postgres]', () => {
  let proxy: Awaited<ReturnType<typeof pgProxy>>;
  let db: Kysely<unknown>;
  let running: RunningServer;

  beforeAll(async () => {
    const target = new URL(url as string);
    proxy = await pgProxy(target);
    const proxied = new URL(target);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const pool = new pg.Pool({ connectionString: proxied.toString(), max: 2, connectionTimeoutMillis: 500 });
    // A pool whose idle clients lose their socket emits 'error'; an app must listen for it.
    pool.on('error', () => {});
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    const t = initTRPC.create();
    running = await listen(
      createServer({
        router: t.router({}),
        createContext: () => ({}),
        healthCheck: async () => {
          await sql`select 1`.execute(db);
        },
        healthTimeout: 1_000,
      }),
      { port: 0 },
    );
  });

  afterAll(async () => {
    await running?.close();
    await db?.destroy();
    await proxy?.close();
  });

  it('answers 503 while the database is unreachable and 200 again once it answers', async () => {
    const status = async () => (await fetch(`${running.url}/healthz`)).status;
    expect(await status()).toBe(200);
    proxy.cut();
    expect(await status()).toBe(503);
    expect(await status()).toBe(503);
    proxy.restore();
    let recovered = false;
    for (let i = 0; i < 20 && !recovered; i++) {
      recovered = (await status()) === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(true);
  });
});
