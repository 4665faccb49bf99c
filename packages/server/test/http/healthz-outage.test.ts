import { initTRPC } from '@trpc/server';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/http/create-server.js';
import { listen, type RunningServer } from '../../src/http/listen.js';
import { type TcpProxy, tcpProxy } from '../../src/testing/index.js';

const url = process.env.DATABASE_URL;

describe.runIf(url)('GET /healthz against a PostgreSQL that goes away [postgres]', () => {
  let proxy: TcpProxy;
  let db: Kysely<unknown>;
  let running: RunningServer;

  beforeAll(async () => {
    const target = new URL(url as string);
    proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
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
