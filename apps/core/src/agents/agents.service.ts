import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AgentEntity } from './agent.entity.js';
import type { CreateAgent, UpdateAgent } from './dto/agent.dto.js';
import { problems } from '../problems/problem.js';
import { GroupEntity } from '../groups/group.entity.js';
import { ApiKeysService } from '../auth/api-keys.service.js';

@Injectable()
export class AgentsService {
  constructor(
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @InjectRepository(GroupEntity) private readonly groups: Repository<GroupEntity>,
    private readonly keys: ApiKeysService,
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

  async update(id: string, input: UpdateAgent) {
    const agent = await this.mustFind(id);
    await this.checkGroup(input.groupId);
    Object.assign(
      agent,
      Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    );
    await this.agents.save(agent);
    this.keys.forgetCachedKeys(); // a deactivated agent's keys stop working now
    return view(agent);
  }

  private async mustFind(id: string) {
    const agent = await this.agents.findOneBy({ id });
    if (!agent) throw problems.notFound(`No agent has id ${id}.`);
    return agent;
  }

  private async checkGroup(groupId: string | null | undefined) {
    if (groupId && !(await this.groups.existsBy({ id: groupId }))) {
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
