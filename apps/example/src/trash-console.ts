import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** The built console (`src/web/build.mjs` writes it next to the compiled app, in `dist/web`). */
const DEFAULT_DIR = fileURLToPath(new URL('../dist/web/', import.meta.url));

const FILES = {
  '/trash': { file: 'trash.html', type: 'text/html; charset=utf-8' },
  '/trash/trash.js': { file: 'trash.js', type: 'text/javascript; charset=utf-8' },
  '/trash/trash.js.map': { file: 'trash.js.map', type: 'application/json; charset=utf-8' },
  '/trash/trash.css': { file: 'trash.css', type: 'text/css; charset=utf-8' },
} as const;

/**
 * Serves the trash console at `/trash` on the app's Fastify instance: a static page whose
 * bundled script talks to the API through `@tombstone/sdk` (the page needs no server code of its
 * own). Register it before `listen`.
 *
 * @example
 * const server = createReferenceServer({ db, tombstone });
 * registerTrashConsole(server.fastify);
 * await listen(server, { port: 3000 });
 */
export function registerTrashConsole(fastify: FastifyInstance, dir: string = DEFAULT_DIR): void {
  for (const [path, { file, type }] of Object.entries(FILES)) {
    fastify.get(path, async (_request, reply) => {
      let body: Buffer;
      try {
        body = await readFile(join(dir, file));
      } catch {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The trash console is not built: run `npm run build -w apps/example`.');
      }
      return reply
        .type(type)
        .header('cache-control', 'no-cache')
        .header(
          'content-security-policy',
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        )
        .send(body);
    });
  }
}
