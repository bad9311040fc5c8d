/** Roles of API callers. admin ⊃ supervisor ⊃ agent; plugin is a machine role apart. */
export const ROLES = ['admin', 'supervisor', 'agent', 'plugin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3, plugin: 0 };

/** True when `held` may do what `needed` may do. */
export function satisfies(held: Role, needed: Role): boolean {
  if (needed === 'plugin') return held === 'plugin' || held === 'admin';
  return held !== 'plugin' && RANK[held] >= RANK[needed];
}
