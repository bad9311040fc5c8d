import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CORE_CONFIG } from '../config/config.module.js';
import type { ApiKeysConfig } from './api-keys.config.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { displayPrefix, hashApiKey, newApiKeySecret, sameHash } from './api-key-secret.js';
import type { Principal } from '../auth/principal.js';
import { satisfies, type Role } from '../auth/role.js';
import { problems } from '../problems/problem.js';
import { AgentsService } from '../agents/agents.service.js';

const CACHE_MS = 10_000;

export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  agentId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

@Injectable()
export class ApiKeysService {
  private readonly adminHash: string | null;
  /** Verified keys for a few seconds, so the hot path does not read the database per request. */
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    @Inject(CORE_CONFIG) cfg: ApiKeysConfig,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly agents: AgentsService,
  ) {
    this.adminHash = cfg.CASEHUB_ADMIN_KEY ? hashApiKey(cfg.CASEHUB_ADMIN_KEY) : null;
    // A deactivated or demoted agent's keys change at once, not when the cache expires.
    agents.onChange(() => this.cache.clear());
  }

  async authenticate(secret: string): Promise<Principal | null> {
    const hash = hashApiKey(secret);
    if (this.adminHash && sameHash(hash, this.adminHash)) {
      return { keyId: 'env:CASEHUB_ADMIN_KEY', role: 'admin', agentId: null };
    }
    const hit = this.cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.principal;
    const key = await this.keys.findOneBy({ hash });
    // A key acting for an agent stops working when the agent is deactivated.
    const agent = key?.agentId ? await this.agents.find(key.agentId) : null;
    const usable = key && !key.revokedAt && (!key.agentId || agent?.active === true);
    // A key never acts above its agent's current role (an agent may have been demoted since).
    const role = agent && !satisfies(agent.role, key!.role) ? agent.role : key?.role;
    const principal = usable ? { keyId: key.id, role: role!, agentId: key.agentId } : null;
    if (usable) this.touch(key);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: Date.now() + CACHE_MS });
    return principal;
  }

  /** Records when a key was last used, at most once a minute (shown in GET /v1/api-keys). */
  private touch(key: ApiKeyEntity): void {
    const now = new Date();
    if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < 60_000) return;
    this.keys.update({ id: key.id }, { lastUsedAt: now }).catch(() => undefined);
  }

  async create(input: {
    name: string;
    role: Role;
    agentId?: string | null;
  }): Promise<ApiKeyView & { key: string }> {
    const agent = input.agentId ? await this.agents.find(input.agentId) : null;
    if (input.agentId && !agent) {
      throw problems.unprocessable(`No agent has id ${input.agentId}.`, {
        errors: [{ pointer: '#/agentId', detail: 'unknown agent' }],
      });
    }
    // A key never gives more rights than its agent has; plugin keys act for no agent.
    if (agent && (input.role === 'plugin' || !satisfies(agent.role, input.role))) {
      throw problems.unprocessable(
        `Agent ${agent.name} has the role ${agent.role}; their key cannot have the role ${input.role}.`,
        { errors: [{ pointer: '#/role', detail: `at most ${agent.role}` }] },
      );
    }
    const secret = newApiKeySecret();
    const key = await this.keys.save(
      this.keys.create({
        id: uuidv7(),
        name: input.name,
        role: input.role,
        prefix: displayPrefix(secret),
        hash: hashApiKey(secret),
        agentId: input.agentId ?? null,
        createdAt: new Date(),
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    return { ...view(key), key: secret };
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.find({ order: { createdAt: 'ASC' } })).map(view);
  }

  async revoke(id: string): Promise<ApiKeyView> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw problems.notFound(`No API key has id ${id}.`);
    key.revokedAt ??= new Date();
    await this.keys.save(key);
    this.cache.delete(key.hash);
    return view(key);
  }
}

function view(k: ApiKeyEntity): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    prefix: k.prefix,
    agentId: k.agentId,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
