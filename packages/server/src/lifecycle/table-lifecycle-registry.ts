import type { AnyRouter } from '@trpc/server';
import type { LifecycleHooks } from './lifecycle-hooks.js';

/** What a table's generated procedures declare about its lifecycle. */
export interface TableLifecycle {
  table: string;
  hooks?: LifecycleHooks | undefined;
}

const lifecycles = new WeakMap<object, TableLifecycle>();

/** Remembers the hooks a generated procedure's table declares, for `createTombstone`. */
export function registerTableLifecycle(procedure: object, lifecycle: TableLifecycle): void {
  lifecycles.set(procedure, lifecycle);
}

/** Every table's hook sets in `router` (each set once, however many procedures share it). */
export function collectTableHooks(router: AnyRouter): Map<string, LifecycleHooks[]> {
  const found = new Map<string, LifecycleHooks[]>();
  for (const procedure of Object.values(router._def.procedures as Record<string, object>)) {
    const lifecycle = lifecycles.get(procedure);
    if (!lifecycle?.hooks) continue;
    const sets = found.get(lifecycle.table) ?? [];
    if (!sets.includes(lifecycle.hooks)) sets.push(lifecycle.hooks);
    found.set(lifecycle.table, sets);
  }
  return found;
}
