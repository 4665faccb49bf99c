import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { expect, it } from 'vitest';
import { APP_DIR } from '../helpers/app-process.js';
import { describeContract, tokenOf } from '../helpers/contract-server.js';
import { deletedState } from '../helpers/db-state.js';

/** Where the generated client lives: under node_modules, so it is never committed or linted. */
const OUT = join(APP_DIR, 'node_modules', '.cache', 'tombstone-openapi-client');

/**
 * The code a user writes against the generated types: delete → 404 → restore → hard delete.
 * Type-checked with tsc against `api.d.ts`, then run.
 */
const CYCLE = `import createClient from 'openapi-fetch';
import type { paths } from './api.js';

export async function cycle(baseUrl: string, id: number, ownerToken: string, staffToken: string) {
  const owner = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${ownerToken}\` } });
  const staff = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${staffToken}\` } });
  const byId = { params: { path: { id } } };
  const steps: Array<[string, number]> = [];
  const got = await owner.GET('/api/articles/{id}', byId);
  steps.push([\`get \${got.data?.title}\`, got.response.status]);
  steps.push(['delete', (await owner.DELETE('/api/articles/{id}', byId)).response.status]);
  const gone = await owner.GET('/api/articles/{id}', byId);
  const code: string | undefined = gone.error?.error.code;
  steps.push([\`get \${code}\`, gone.response.status]);
  const restored = await staff.POST('/api/articles/{id}/restore', byId);
  const live: boolean | undefined = restored.data ? !restored.data.isDeleted : undefined;
  steps.push([\`restore live=\${live}\`, restored.response.status]);
  const page = await staff.GET('/api/articles', { params: { query: { limit: 100 } } });
  steps.push([\`listed \${page.data?.items.some((a) => a.id === id)}\`, page.response.status]);
  steps.push(['hard-delete', (await staff.DELETE('/api/articles/{id}/hard-delete', byId)).response.status]);
  steps.push(['get after hard-delete', (await owner.GET('/api/articles/{id}', byId)).response.status]);
  return steps;
}
`;

describeContract('a client generated from /api/openapi.json alone', (ctx) => {
  it('openapi-typescript + openapi-fetch: types check, and delete → 404 → restore → hard delete works', async () => {
    const doc = await (await fetch(`${ctx.url}/api/openapi.json`)).json();
    await mkdir(OUT, { recursive: true });
    await writeFile(
      join(OUT, 'api.d.ts'),
      astToString(await openapiTS(doc as Parameters<typeof openapiTS>[0])),
    );
    await writeFile(join(OUT, 'cycle.ts'), CYCLE);

    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--target', 'es2022'];
    await promisify(execFile)(process.execPath, [tsc, ...flags, join(OUT, 'cycle.ts')]).catch(
      (error: { stdout?: string }) => {
        throw new Error(`the generated client does not type-check:\n${error.stdout ?? String(error)}`);
      },
    );

    const { cycle } = (await import(pathToFileURL(join(OUT, 'cycle.ts')).href)) as {
      cycle(url: string, id: number, owner: string, staff: string): Promise<Array<[string, number]>>;
    };
    const id = ctx.demo.articles.alice[0] as number;
    const title = (await ctx.as.alice.articles.get.query({ id })).title;
    expect(await cycle(ctx.url, id, tokenOf('alice') as string, tokenOf('admin') as string)).toEqual([
      [`get ${title}`, 200],
      ['delete', 204],
      ['get NOT_FOUND', 404],
      ['restore live=true', 200],
      ['listed true', 200],
      ['hard-delete', 204],
      ['get after hard-delete', 404],
    ]);
    expect(await deletedState(ctx.db, 'article', id)).toBeUndefined();
  });
});
