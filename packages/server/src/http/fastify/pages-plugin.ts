import type { AnyRouter } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import { type OpenApiOptions, openApiDocument } from '../openapi/openapi-document.js';
import { docsAsset, docsInitScript, docsPage } from '../pages/docs-page.js';
import { type LandingLink, landingPage } from '../pages/landing-page.js';

/** What `createServer` serves besides the APIs: the OpenAPI document, the docs, the landing page. */
export interface PagesOptions {
  router: AnyRouter;
  restBase: string;
  trpcBase: string;
  openapi: OpenApiOptions | false;
  docs: { title?: string; path?: string } | false;
  landing: { title?: string; description?: string; links?: LandingLink[] } | false;
  hasHealth: boolean;
}

const HTML = 'text/html; charset=utf-8';

/**
 * `GET <restBase>/openapi.json` (built once, on first request), `GET /docs` (Swagger UI, its
 * assets served from `swagger-ui-dist`) and `GET /` (links to all of it).
 */
export function registerPages(app: FastifyInstance, options: PagesOptions): void {
  const specPath = `${options.restBase}/openapi.json`;
  const title = (options.openapi ? options.openapi.title : undefined) ?? 'API';
  if (options.openapi) {
    const openapi = options.openapi;
    let json: string | undefined;
    app.get(specPath, (_req, reply) => {
      json ??= JSON.stringify(openApiDocument(options.router, { basePath: options.restBase, ...openapi }));
      void reply.type('application/json').send(json);
    });
  }
  const docsPath = options.docs && options.openapi ? (options.docs.path ?? '/docs') : undefined;
  if (docsPath && options.docs) {
    const html = docsPage(options.docs.title ?? `${title} — reference`, docsPath);
    const init = docsInitScript(specPath);
    app.get(docsPath, (_req, reply) => void reply.type(HTML).send(html));
    app.get(
      `${docsPath}/assets/init.js`,
      (_req, reply) => void reply.type('text/javascript; charset=utf-8').send(init),
    );
    app.get<{ Params: { file: string } }>(`${docsPath}/assets/:file`, async (req, reply) => {
      const asset = await docsAsset(req.params.file);
      if (!asset) return reply.callNotFound();
      return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
    });
  }
  if (options.landing) {
    const links: LandingLink[] = [
      ...(docsPath
        ? [{ href: docsPath, label: 'API reference', description: 'interactive, from the OpenAPI document' }]
        : []),
      ...(options.openapi ? [{ href: specPath, label: 'OpenAPI 3.1 document' }] : []),
      { href: options.restBase, label: 'REST API', description: `e.g. ${options.restBase}/<resource>/` },
      { href: options.trpcBase, label: 'tRPC endpoint', description: 'the procedures; use @trpc/client' },
      ...(options.hasHealth
        ? [{ href: '/healthz', label: 'Health', description: '200 when the database answers' }]
        : []),
      ...(options.landing.links ?? []),
    ];
    const html = landingPage(options.landing.title ?? title, options.landing.description, links);
    app.get('/', (_req, reply) => void reply.type(HTML).send(html));
  }
}
