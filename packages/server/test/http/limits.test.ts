import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createServer } from '../../src/http/create-server.js';
import { listen, type RunningServer } from '../../src/http/listen.js';
import { createRestHandler } from '../../src/http/rest/rest-handler.js';
import { rawSocket, requestHead } from './raw-socket.js';

const t = initTRPC.create();
const router = t.router({
  notes: t.router({
    add: t.procedure.input(z.object({ text: z.string() })).mutation(({ input }) => ({ id: 1, ...input })),
    read: t.procedure
      .input(z.object({ id: z.number() }))
      .query(({ input }) => ({ id: input.id, text: 'hi' })),
  }),
});

const LIMIT = 10_000;
let running: RunningServer;
let healthy = true;
let hang = false;

beforeAll(async () => {
  running = await listen(
    createServer({
      router,
      createContext: () => ({}),
      bodyLimit: LIMIT,
      requestTimeout: 600,
      healthTimeout: 300,
      healthCheck: async () => {
        if (hang) await new Promise((resolve) => setTimeout(resolve, 5_000));
        if (!healthy) throw new Error('database unreachable');
      },
    }),
    { port: 0 },
  );
});

afterAll(async () => {
  await running?.close();
});

describe('body limit', () => {
  it('answers 413 on /trpc and /api alike, in each API’s error shape, and closes the connection', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(LIMIT) });
    const trpc = await fetch(`${running.url}/trpc/notes.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(trpc.status).toBe(413);
    expect(trpc.headers.get('connection')).toBe('close');
    expect(await trpc.json()).toMatchObject({
      error: { data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } },
    });

    const rest = await fetch(`${running.url}/api/notes/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(rest.status).toBe(413);
    expect(await rest.json()).toEqual({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: `The body is larger than the limit of ${LIMIT} bytes.`,
        zodError: null,
      },
    });
    const small = await fetch(`${running.url}/api/notes/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'ok' }),
    });
    expect(await small.json()).toEqual({ id: 1, text: 'ok' });
  });

  it('never strands a keep-alive client: after a 3 MB body the socket closes at once', async () => {
    for (const path of ['/api/notes/add', '/trpc/notes.add']) {
      const raw = await rawSocket(running.url);
      const size = 3 * 1024 * 1024;
      raw.socket.write(
        requestHead('POST', path, { 'content-type': 'application/json', 'content-length': size }),
      );
      raw.socket.write(Buffer.alloc(64 * 1024, 'x'));
      expect(await raw.waitFor((text) => text.includes('\r\n\r\n'), 2_000), path).toBe(true);
      expect(raw.received()).toMatch(/^HTTP\/1\.1 413 /);
      expect(raw.received().toLowerCase()).toContain('connection: close');
      // A client that sends its next request anyway gets an answer or a closed socket, never silence.
      raw.socket.write(requestHead('GET', '/healthz'));
      const settled = await raw.waitFor(
        (text) => raw.isClosed() || text.split('HTTP/1.1 ').length > 2,
        1_000,
      );
      expect(settled, path).toBe(true);
      raw.socket.destroy();
    }
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await fetch(`${running.url}/api/notes/add`, { method: 'POST', body: 'text=1' });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    // tRPC judges the media type itself (text/plain reaches it): a 4xx, never a 5xx.
    const trpc = await fetch(`${running.url}/trpc/notes.add`, { method: 'POST', body: 'text=1' });
    expect(trpc.status).toBeGreaterThanOrEqual(400);
    expect(trpc.status).toBeLessThan(500);
  });
});

describe('time-outs', () => {
  it('cuts off a body trickled slowly after the request time-out (408, socket closed)', async () => {
    const raw = await rawSocket(running.url);
    raw.socket.write(
      requestHead('POST', '/api/notes/add', { 'content-type': 'application/json', 'content-length': 100 }),
    );
    const started = Date.now();
    const timer = setInterval(() => raw.socket.writable && raw.socket.write('x'), 100);
    try {
      expect(await raw.closed(3_000)).toBe(true);
    } finally {
      clearInterval(timer);
    }
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /);
  });
});

describe('GET /healthz', () => {
  it('is 503 while the check fails or hangs, 200 again once it passes', async () => {
    const status = async () => (await fetch(`${running.url}/healthz`)).status;
    expect(await status()).toBe(200);
    healthy = false;
    const down = await fetch(`${running.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false });
    healthy = true;
    hang = true;
    const started = Date.now();
    expect(await status()).toBe(503);
    expect(Date.now() - started).toBeLessThan(2_000);
    hang = false;
    expect(await status()).toBe(200);
  });
});

describe('createRestHandler: the REST endpoint as a plain Node handler', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const rest = createRestHandler({ router, createContext: () => ({}), bodyLimit: LIMIT });
    server = http.createServer((req, res) => rest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the routes, 404/405, and 413 with Connection: close', async () => {
    expect(await (await fetch(`${url}/api/notes/read?id=7`)).json()).toEqual({ id: 7, text: 'hi' });
    expect((await fetch(`${url}/api/nothing`)).status).toBe(404);
    const wrong = await fetch(`${url}/api/notes/read`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    const raw = await rawSocket(url);
    raw.socket.write(
      requestHead('POST', '/api/notes/add', {
        'content-type': 'application/json',
        'content-length': 3_000_000,
      }),
    );
    raw.socket.write(Buffer.alloc(32 * 1024, 'x'));
    expect(await raw.waitFor((text) => text.includes('\r\n\r\n'), 2_000)).toBe(true);
    expect(raw.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(await raw.closed(2_000)).toBe(true);
  });
});
