import { expect, it } from 'vitest';
import { describeContract } from '../helpers/contract-server.js';
import { validateDocument } from '../helpers/openapi-check.js';

interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
}

describeContract('OpenAPI document and docs pages', (ctx) => {
  it('GET /api/openapi.json is a valid OpenAPI 3.1 document of every REST route, with real statuses', async () => {
    const response = await fetch(`${ctx.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: the document is walked field by field below.
    const doc: any = await response.json();
    await validateDocument(doc);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );

    const op = (path: string, method: string): Operation => doc.paths[path][method];
    const statuses = (path: string, method: string) => Object.keys(op(path, method).responses).sort();
    expect(statuses('/api/articles', 'post')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '500',
      '503',
    ]);
    expect(statuses('/api/articles/{id}', 'delete')).toEqual([
      '204',
      '400',
      '401',
      '403',
      '404',
      '409',
      '500',
      '503',
    ]);
    expect(statuses('/api/articles/{id}/hard-delete', 'delete')).toContain('204');
    expect(statuses('/api/articles/bulk', 'delete')).toContain('200');
    expect(statuses('/api/articles/bulk/restore', 'post')).toContain('413');
    expect(op('/api/articles/{id}/restore', 'post').operationId).toBe('articlesRestore');
    expect(op('/api/admin/articles', 'get').parameters?.map((p) => p.name)).toEqual([
      'limit',
      'cursor',
      'title',
      'authorId',
      'categoryId',
      'deleted',
    ]);
    expect(Object.keys(doc.paths['/api/admin/trash'])).toEqual(['get']);
    // The old routes are gone: one obvious way.
    expect(Object.keys(doc.paths).filter((p) => /bulk-|\/hard$/.test(p))).toEqual([]);

    // Every operation carries examples: body, success and errors.
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (status !== '204')
            expect(
              response.content?.['application/json']?.example,
              `${method} ${path} ${status}`,
            ).toBeDefined();
        }
        if (operation.requestBody) {
          expect(
            operation.requestBody.content['application/json']?.example,
            `${method} ${path}`,
          ).toBeDefined();
        }
      }
    }
    const badRequest = op('/api/articles/{id}', 'get').responses['400']?.content?.['application/json']
      ?.example as {
      error: { zodError: { issues: unknown[] } };
    };
    expect(badRequest.error.zodError.issues.length).toBeGreaterThan(0);
  });

  it('GET /docs serves Swagger UI from the app itself (no CDN), reading the document', async () => {
    const page = await fetch(`${ctx.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets).toContain('/docs/assets/swagger-ui-bundle.js');
    for (const asset of assets) {
      const response = await fetch(`${ctx.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
    expect(await (await fetch(`${ctx.url}/docs/assets/init.js`)).text()).toContain('"/api/openapi.json"');
    expect((await fetch(`${ctx.url}/docs/assets/package.json`)).status).toBe(404);
    expect((await fetch(`${ctx.url}/docs/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('GET / links the docs, the tRPC endpoint, the OpenAPI document, health and the trash page', async () => {
    const page = await fetch(`${ctx.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(
      expect.arrayContaining(['/docs', '/trpc', '/api/openapi.json', '/healthz', '/trash', '/api']),
    );
    const api = (await (await fetch(`${ctx.url}/api/`)).json()) as {
      routes: Array<{ method: string; path: string }>;
    };
    expect(api.routes).toContainEqual(
      expect.objectContaining({ method: 'DELETE', path: '/api/articles/bulk' }),
    );
    const trpc = await fetch(`${ctx.url}/trpc`);
    expect(trpc.status).toBe(200);
    expect(((await trpc.json()) as { procedures: unknown[] }).procedures).toContainEqual({
      path: 'articles.delete',
      type: 'mutation',
    });
  });
});
