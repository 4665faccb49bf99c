import { type ChildProcess, fork } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { ScaleServerReady } from './scale-server.js';

/** The reference API in a child process of its own (bench/scale-server.ts). */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size of the child now, in bytes (`/proc/<pid>/status` VmRSS). */
  rss(): Promise<number>;
  /** Samples the child's RSS every `everyMs` until `stop()`, which returns the largest seen. */
  sampleRss(everyMs?: number): { stop(): Promise<number> };
  /** Graceful stop: in-flight requests finish first. */
  close(): Promise<void>;
  /** SIGKILL, for a server stuck in an operation (its database sessions are the caller's to end). */
  kill(): Promise<void>;
}

/** The `application_name` of the child's database sessions, to find (and end) them. */
export const SERVER_APPLICATION_NAME = 'tombstone-scale-server';

const SCRIPT = new URL('./scale-server.ts', import.meta.url).pathname;

async function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1];
  if (kib === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

/**
 * Starts the reference API on `databaseUrl` in a child process (`node --import tsx
 * bench/scale-server.ts`, IPC channel for its URL) and resolves once it listens. Linux only: the
 * child's memory is read from `/proc`, from outside, so a blocked event loop in the child cannot
 * hide a peak.
 */
export async function startServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', SERVER_APPLICATION_NAME);
  const child: ChildProcess = fork(SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: url.toString(), NODE_ENV: 'production' },
    // Its output (the start-up advisor's warnings…) is kept, and shown only if it fails to start.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const serverUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as ScaleServerReady).url));
    child.once('exit', (code) =>
      reject(new Error(`scale-server exited with ${code} before listening:\n${output}`)),
    );
  });
  const pid = child.pid as number;
  const rss = () => statusField(pid, 'VmRSS');
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url: serverUrl,
    pid,
    rss,
    sampleRss(everyMs = 50) {
      let max = 0;
      let pending: Promise<void> = Promise.resolve();
      const sample = () => {
        // A child that died mid-operation fails the operation itself; its last samples still count.
        pending = rss().then(
          (bytes) => {
            max = Math.max(max, bytes);
          },
          () => {},
        );
      };
      // The kernel's high-water mark catches peaks between samples; writing 5 to clear_refs
      // resets it to the current RSS (Linux ≥ 4.0). Without it, the samples alone count.
      const hwmReset = writeFile(`/proc/${pid}/clear_refs`, '5').then(
        () => true,
        () => false,
      );
      sample();
      const timer = setInterval(sample, everyMs);
      return {
        async stop() {
          clearInterval(timer);
          await pending;
          sample();
          await pending;
          if (await hwmReset) max = Math.max(max, await statusField(pid, 'VmHWM'));
          return max;
        },
      };
    },
    async close() {
      if (!running()) return;
      child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** An HTTP answer: status and JSON body (the raw text if it is not JSON). */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

/**
 * `method url` as the bearer of `token`, with `body` as JSON if given. No client time-out: a
 * million-row delete takes a while.
 */
export function callJson(method: string, url: string, token: string, body?: unknown): Promise<JsonAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
