import type { AnyRouter } from '@trpc/server';
import type { TableRequirement } from './validate-table.js';

const configs = new WeakMap<object, TableRequirement>();

/** Remembers which table a generated procedure serves, for start-up validation. */
export function registerProcedure(procedure: object, requirement: TableRequirement): void {
  configs.set(procedure, requirement);
}

/** The table requirements of every `softDeleteProcedures` procedure in `router`, at any depth. */
export function collectRequirements(router: AnyRouter): TableRequirement[] {
  const found = new Map<string, TableRequirement>();
  for (const procedure of Object.values(router._def.procedures as Record<string, object>)) {
    const requirement = configs.get(procedure);
    if (requirement) found.set(JSON.stringify(requirement), requirement);
  }
  return [...found.values()];
}
