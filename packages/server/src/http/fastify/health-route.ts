import type { FastifyInstance } from 'fastify';

/**
 * `GET /healthz`: 200 `{"ok":true}` when `healthCheck` resolves within `timeoutMs`, else 503
 * `{"ok":false}` (a database that does not answer must not hang the probe). Without a check,
 * always 200.
 */
export function registerHealth(
  app: FastifyInstance,
  healthCheck: (() => Promise<void>) | undefined,
  timeoutMs: number,
): void {
  app.get('/healthz', async (_req, reply) => {
    let healthy = true;
    if (healthCheck) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('health check timed out')), timeoutMs);
      });
      healthy = await Promise.race([healthCheck(), timeout]).then(
        () => true,
        () => false,
      );
      clearTimeout(timer);
    }
    void reply.header('cache-control', 'no-store');
    return reply
      .status(healthy ? 200 : 503)
      .type('application/json')
      .send(healthy ? '{"ok":true}' : '{"ok":false}');
  });
}
