import type { Command } from 'commander';
import { CoreApi } from '../core-api.js';
import { table } from '../output.js';
import { settings } from '../settings.js';

export interface AgentView {
  id: string;
  name: string;
  email: string;
  role: string;
  groupId: string | null;
  active: boolean;
}

/** `casehub agents add|list`: the people who work cases, through the core (an admin key). */
export function registerAgents(program: Command): void {
  const agents = program.command('agents').description('agents: add, list');

  agents
    .command('add')
    .description('add an agent; prints its id')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--email <email>', 'email address')
    .option('--role <role>', 'agent, supervisor or admin', 'agent')
    .option('--group <id>', 'the group the agent belongs to')
    .action(async (o: { name: string; email: string; role: string; group?: string }) => {
      const agent = await new CoreApi(settings()).call<AgentView>('POST', '/v1/agents', {
        name: o.name,
        email: o.email,
        role: o.role,
        ...(o.group ? { groupId: o.group } : {}),
      });
      console.log(agent.id);
    });

  agents
    .command('list')
    .description('every agent: id, name, email, role, group, active')
    .action(async () => {
      table(
        (await new CoreApi(settings()).list<AgentView>('/v1/agents')).map((a) => ({
          id: a.id,
          name: a.name,
          email: a.email,
          role: a.role,
          group: a.groupId ?? '-',
          active: a.active ? 'yes' : 'no',
        })),
      );
    });
}
