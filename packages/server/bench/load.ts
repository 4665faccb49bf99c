import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const run = promisify(execFile);

interface AutocannonReport {
  requests: { total: number };
  duration: number;
  non2xx: number;
  errors: number;
}

/**
 * Requests per second of `GET url` over `connections` keep-alive connections, measured by
 * autocannon in a process of its own (`autocannon -j`), as one would run it from a shell: the
 * load generator's CPU, heap and garbage collector stay out of the server's process.
 */
export async function requestsPerSecond(url: string, seconds: number, connections = 10): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    [autocannon, '-j', '-c', String(connections), '-d', String(seconds), url],
    { maxBuffer: 1 << 24 },
  );
  const report = JSON.parse(stdout) as AutocannonReport;
  if (report.non2xx > 0 || report.errors > 0) {
    throw new Error(`${url}: ${report.non2xx} non-2xx answers, ${report.errors} errors`);
  }
  return report.requests.total / report.duration;
}
