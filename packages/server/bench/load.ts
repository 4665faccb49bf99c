import autocannon from 'autocannon';

/** Requests per second of `GET url` over keep-alive connections, from a worker thread. */
export async function requestsPerSecond(url: string, seconds: number, connections = 10): Promise<number> {
  const result = await autocannon({ url, connections, duration: seconds, workers: 1 });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result.requests.average;
}
