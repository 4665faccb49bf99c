import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRouterTypes } from './router-types.js';

const target = join(import.meta.dirname, '..', 'src', 'generated', 'app-router.ts');
writeFileSync(target, await generateRouterTypes());
console.log(`wrote ${target}`);
