import { type TcpProxy, tcpProxy, testDialects } from '@tombstone/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RunningApp, startApp } from '../helpers/app-process.js';
import { openReferenceDatabase, type ReferenceTestDatabase } from '../helpers/reference-database.js';

// PostgreSQL only: PGlite runs inside the app and cannot become unreachable.
describe.runIf(testDialects().includes('postgres'))('the built example app when PostgreSQL goes away', () => {
  let database: ReferenceTestDatabase | undefined;
  let proxy: TcpProxy | undefined;
  let app: RunningApp | undefined;

  beforeAll(async () => {
    await buildApp();
    database = await openReferenceDatabase('postgres');
  }, 120_000);

  afterAll(async () => {
    if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
    await proxy?.close();
    await database?.destroy();
  });

  it('answers /healthz 503 while the database is unreachable, 200 once it answers, and keeps running', async () => {
    const target = new URL(database?.url as string);
    proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
    const proxied = new URL(target);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    app = await startApp({ DATABASE_URL: proxied.toString() });
    const health = async () => {
      try {
        return (await fetch(`${app?.url}/healthz`)).status;
      } catch (error) {
        throw new Error(`${String(error)}\n${app?.output()}`);
      }
    };
    expect(await health()).toBe(200);

    proxy.cut();
    expect(await health()).toBe(503);
    expect(await health()).toBe(503);
    proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = await health();
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status, app.output()).toBe(200);
    expect((await fetch(`${app.url}/api/articles/?limit=1`)).status).toBe(200);
    expect(await app.stop()).toBe(0);
  }, 90_000);
});
