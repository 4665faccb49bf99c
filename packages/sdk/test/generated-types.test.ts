import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRouterTypes } from '../scripts/router-types.js';

describe('the generated router type', () => {
  it('matches the reference router (run `npm run generate -w packages/sdk` when this fails)', async () => {
    const committed = readFileSync(
      join(import.meta.dirname, '..', 'src', 'generated', 'app-router.ts'),
      'utf8',
    );
    expect(committed).toBe(await generateRouterTypes());
  }, 60_000);
});
