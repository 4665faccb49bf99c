import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RunningApp, startApp } from '../helpers/app-process.js';

let app: RunningApp | undefined;

describe('the built example app on SIGTERM', () => {
  beforeAll(async () => {
    await buildApp();
  }, 120_000);

  afterAll(() => {
    if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
  });

  it('finishes the request in flight, refuses new connections, closes the pool and exits 0', async () => {
    app = await startApp({ DATA_DIR: 'memory://' });
    const { port } = new URL(app.url);
    const body = JSON.stringify({ title: 'In flight', slug: 'in-flight', content: 'sent across a SIGTERM' });

    // A request in flight: its headers and half its body are sent before the signal.
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.write(
      `POST /api/articles/ HTTP/1.1\r\nhost: localhost\r\nconnection: keep-alive\r\n` +
        `authorization: Bearer demo-alice-token\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    app.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Not accepting any more.
    const refused = await new Promise<boolean>((resolve) => {
      const probe = net.connect(Number(port), '127.0.0.1');
      probe.once('connect', () => {
        probe.destroy();
        resolve(false);
      });
      probe.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    expect(app.child.exitCode).toBeNull();

    socket.write(body.slice(20));
    const code = await app.exited;
    expect(received).toMatch(/^HTTP\/1\.1 201 /);
    expect(received).toContain('"title":"In flight"');
    expect(code, app.output()).toBe(0);
    expect(app.output()).toContain('SIGTERM: shutting down');
  }, 90_000);
});
