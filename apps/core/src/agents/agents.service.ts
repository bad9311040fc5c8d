import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AgentEntity } from './agent.entity.js';
import type { CreateAgent, UpdateAgent } from './dto/agent.dto.js';
import { problems } from '../problems/problem.js';
import { GroupsService } from '../groups/groups.service.js';

export type AgentView = ReturnType<typeof view>;

@Injectable()
export class AgentsService {
  private readonly listeners: ((agent: AgentView) => void)[] = [];

  constructor(
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly groups: GroupsService,
  ) {}

  async create(input: CreateAgent) {
    const email = input.email.toLowerCase();
    if (await this.agents.existsBy({ email }))
      throw problems.conflict(`An agent with email ${email} exists already.`);
    await this.checkGroup(input.groupId);
    const agent = this.agents.create({
      id: uuidv7(),
      name: input.name,
      email,
      role: input.role,
      groupId: input.groupId ?? null,
      active: true,
      createdAt: new Date(),
    });
    await this.agents.insert(agent);
    return view(agent);
  }

  async list() {
    return (await this.agents.find({ order: { name: 'ASC' } })).map(view);
  }

  async get(id: string) {
    return view(await this.mustFind(id));
  }

  /** The agent, or null when there is none with this id. */
  async find(id: string): Promise<AgentView | null> {
    const agent = await this.agents.findOneBy({ id });
    return agent ? view(agent) : null;
  }

  async update(id: string, input: UpdateAgent) {
    const agent = await this.mustFind(id);
    await this.checkGroup(input.groupId);
    Object.assign(
      agent,
      Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    );
    await this.agents.save(agent);
    const changed = view(agent);
    for (const listener of this.listeners) listener(changed);
    return changed;
  }

  /** Called after an agent changed (e.g. API keys stop working for a deactivated agent at once). */
  onChange(listener: (agent: AgentView) => void): void {
    this.listeners.push(listener);
  }

  private async mustFind(id: string) {
    const agent = await this.agents.findOneBy({ id });
    if (!agent) throw problems.notFound(`No agent has id ${id}.`);
    return agent;
  }

  private async checkGroup(groupId: string | null | undefined) {
    if (groupId && !(await this.groups.find(groupId))) {
      throw problems.unprocessable(`No group has id ${groupId}.`, {
        errors: [{ pointer: '#/groupId', detail: 'unknown group' }],
      });
    }
  }
}

function view(a: AgentEntity) {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    role: a.role,
    groupId: a.groupId,
    active: a.active,
    createdAt: a.createdAt.toISOString(),
  };
}
