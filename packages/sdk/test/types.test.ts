import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import type { AppRouter, Article, BulkResult, Category, Comment, TombstoneClient } from '../src/index.js';
import { createClient } from '../src/index.js';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
/** The object form of an optional input (without `undefined` and `void`). */
type Given<T> = T extends object ? T : never;

// These assertions are checked by `tsc` (npm test runs typecheck first); at run time they only
// prove the client can be built without a server.
describe('SDK types', () => {
  it('give typed rows, not any', () => {
    expectTypeOf<Outputs['articles']['list']['items'][number]>().toEqualTypeOf<Article>();
    expectTypeOf<Outputs['articles']['get']>().toEqualTypeOf<Article>();
    expectTypeOf<Outputs['comments']['restore']>().toEqualTypeOf<Comment>();
    expectTypeOf<Outputs['categories']['get']['deletedAt']>().toEqualTypeOf<string | null>();
    expectTypeOf<Outputs['admin']['articles']['list']['items'][number]>().toEqualTypeOf<Article>();
    expectTypeOf<Outputs['articles']['bulkDelete']>().toEqualTypeOf<BulkResult>();
    expectTypeOf<Outputs['articles']['delete']>().toEqualTypeOf<undefined>();
    expectTypeOf<Outputs['articles']['hardDelete']>().toEqualTypeOf<undefined>();
    expectTypeOf<Outputs['categories']['list']['items'][number]>().toEqualTypeOf<Category>();
  });

  it('type the inputs: no authorId on create, deleted only on admin lists', () => {
    expectTypeOf<Inputs['articles']['create']>().not.toHaveProperty('authorId');
    expectTypeOf<Given<Inputs['admin']['articles']['list']>>().toHaveProperty('deleted');
    expectTypeOf<Given<Inputs['articles']['list']>>().not.toHaveProperty('deleted');
    // list() may be called without input: the defaults apply.
    expectTypeOf<undefined>().toExtend<Inputs['articles']['list']>();
  });

  it('builds a client without touching the network', () => {
    const client = createClient({ url: 'http://127.0.0.1:1/', token: 't' });
    expectTypeOf(client).toEqualTypeOf<TombstoneClient>();
    expectTypeOf(client.articles.list.query).returns.resolves.toEqualTypeOf<Outputs['articles']['list']>();
  });
});
