// Bundles the trash console (src/web/main.ts and its imports, @tombstone/sdk included) for the
// browser with esbuild, and copies its HTML and CSS: dist/web/{trash.html,trash.js,trash.css}.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'dist', 'web');

await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(here, 'main.ts')],
  outfile: join(out, 'trash.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
await copyFile(join(here, 'trash.html'), join(out, 'trash.html'));
await copyFile(join(here, 'trash.css'), join(out, 'trash.css'));
console.log(`trash console built into ${out}`);
