import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { escapeHtml } from './html.js';

/** The files of `swagger-ui-dist` the docs page loads, and their media types. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const distDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** A static file of the docs page: its bytes and media type; `undefined` for any other name. */
export async function docsAsset(name: string): Promise<{ body: Buffer; type: string } | undefined> {
  const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!type) return undefined;
  return { body: await readFile(join(distDir, name)), type };
}

/** The script that starts Swagger UI on the document at `specUrl`. */
export function docsInitScript(specUrl: string): string {
  return `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(specUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;
}

/**
 * The interactive API reference: Swagger UI from the `swagger-ui-dist` package, served by the app
 * itself under `<docsPath>/assets/` (no CDN, works offline), reading the OpenAPI document.
 */
export function docsPage(title: string, docsPath: string): string {
  const assets = `${docsPath}/assets`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="${assets}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${assets}/favicon-32x32.png">
  <style>body { margin: 0; } .topbar { display: none; }</style>
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${assets}/swagger-ui-bundle.js"></script>
  <script src="${assets}/swagger-ui-standalone-preset.js"></script>
  <script src="${assets}/init.js"></script>
</body>
</html>
`;
}
