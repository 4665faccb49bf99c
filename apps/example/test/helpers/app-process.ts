import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The example app's folder. */
export const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Whether every `src/*.ts` file has a `dist/*.js` at least as new as itself. */
async function distIsFresh(): Promise<boolean> {
  const src = join(APP_DIR, 'src');
  const files = (await readdir(src, { recursive: true })).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'),
  );
  for (const file of files) {
    const built = join(APP_DIR, 'dist', file.replace(/\.ts$/, '.js'));
    const [source, output] = await Promise.all([stat(join(src, file)), stat(built).catch(() => null)]);
    if (!output || output.mtimeMs < source.mtimeMs) return false;
  }
  return true;
}

/**
 * Compiles the example app (`tsc -p tsconfig.build.json`) unless `dist/` is already newer than
 * every source file. Throws with the compiler's output when it fails.
 */
export async function buildApp(): Promise<void> {
  if (await distIsFresh()) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: APP_DIR });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the example app does not build:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A child process of a built script, with its output so far. */
export interface RunningScript {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has ended (`null` if a signal killed it). */
  exited: Promise<number | null>;
}

/**
 * Runs `node dist/<script>` of the example app with `env` on top of a clean environment: no
 * `DATABASE_URL` (nor any other database setting) unless `env` sets it.
 */
export function runScript(script: string, env: Record<string, string>): RunningScript {
  const {
    DATABASE_URL: _url,
    DATA_DIR: _dir,
    PORT: _port,
    HOST: _host,
    SEED_DEMO: _seed,
    ...base
  } = process.env;
  const child = spawn(process.execPath, [`dist/${script}`], {
    cwd: APP_DIR,
    env: { ...base, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The running example app: its origin, and a graceful stop that returns the exit code. */
export interface RunningApp extends RunningScript {
  url: string;
  stop(): Promise<number | null>;
}

/**
 * Starts `node dist/main.js` on a free port and waits until `GET /healthz` answers 200.
 *
 * @example
 * const app = await startApp({ DATA_DIR: 'memory://' });
 * expect(await app.stop()).toBe(0);
 */
export async function startApp(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const script = runScript('main.js', { PORT: String(port), HOST: '127.0.0.1', ...env });
  let exitCode: number | null | undefined;
  void script.exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`the app exited with ${exitCode} before it was healthy:\n${script.output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) {
        return {
          ...script,
          url,
          async stop() {
            script.child.kill('SIGTERM');
            return script.exited;
          },
        };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  script.child.kill('SIGKILL');
  throw new Error(`the app was not healthy within ${timeoutMs} ms:\n${script.output()}`);
}
