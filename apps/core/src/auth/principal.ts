import type { Actor } from '@casehub/domain';
import type { Role } from './role.js';

/** Who is calling: the key's id and role, and the agent the key belongs to if any. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  readonly agentId: string | null;
}

/** How a principal appears as the actor of an event. */
export function actorOf(p: Principal): Actor {
  if (p.agentId) return { type: 'agent', id: p.agentId };
  return { type: p.role === 'plugin' ? 'plugin' : 'api_key', id: p.keyId };
}
