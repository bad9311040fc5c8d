import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { GroupEntity, SupportTierEntity } from './group.entity.js';
import type { CreateGroup } from './dto/group.dto.js';
import { problems } from '../problems/problem.js';

export type GroupView = ReturnType<typeof view>;

@Injectable()
export class GroupsService {
  constructor(
    @InjectRepository(GroupEntity) private readonly groups: Repository<GroupEntity>,
    @InjectRepository(SupportTierEntity) private readonly tiers: Repository<SupportTierEntity>,
  ) {}

  async create(input: CreateGroup) {
    if (await this.groups.existsBy({ name: input.name }))
      throw problems.conflict(`A group named "${input.name}" exists already.`);
    if (!(await this.tiers.existsBy({ level: input.tier }))) {
      throw problems.unprocessable(
        `Support tier ${input.tier} is not defined; PUT /v1/tiers/${input.tier} first.`,
        {
          errors: [{ pointer: '#/tier', detail: 'unknown tier' }],
        },
      );
    }
    const g = this.groups.create({
      id: uuidv7(),
      name: input.name,
      tier: input.tier,
      description: input.description ?? null,
      createdAt: new Date(),
    });
    await this.groups.insert(g);
    return view(g);
  }

  async list() {
    return (await this.groups.find({ order: { tier: 'ASC', name: 'ASC' } })).map(view);
  }

  async get(id: string) {
    const g = await this.find(id);
    if (!g) throw problems.notFound(`No group has id ${id}.`);
    return g;
  }

  /** The group, or null when there is none with this id. */
  async find(id: string): Promise<GroupView | null> {
    const g = await this.groups.findOneBy({ id });
    return g ? view(g) : null;
  }

  /** Whether support tier `level` is defined. */
  tierExists(level: number): Promise<boolean> {
    return this.tiers.existsBy({ level });
  }

  listTiers() {
    return this.tiers.find({ order: { level: 'ASC' } });
  }

  async putTier(level: number, name: string) {
    await this.tiers.save({ level, name });
    return { level, name };
  }
}

function view(g: GroupEntity) {
  return {
    id: g.id,
    name: g.name,
    tier: g.tier,
    description: g.description,
    createdAt: g.createdAt.toISOString(),
  };
}
