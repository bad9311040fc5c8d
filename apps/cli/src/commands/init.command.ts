import type { Command } from 'commander';
import { CoreApi } from '../core-api.js';
import { fail } from '../output.js';
import { settings } from '../settings.js';
import type { AgentView } from './agents.command.js';

/**
 * `casehub init`: the first admin of an empty hub, an agent with an admin key of their own, so
 * that CASEHUB_ADMIN_KEY (a shared secret in the environment) is needed only this once.
 */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('on an empty hub: create the first admin agent and their admin key (printed once)')
    .requiredOption('--name <name>', "the admin's full name")
    .requiredOption('--email <email>', "the admin's email address")
    .action(async (o: { name: string; email: string }) => {
      const s = settings();
      if (!s.adminKey) fail('set CASEHUB_ADMIN_KEY, the key the core was started with');
      const api = new CoreApi({ ...s, apiKey: s.adminKey });
      const items = await api.list<AgentView>('/v1/agents');
      if (items.length > 0) {
        fail(
          `this hub has ${items.length} agent(s) already; init is for an empty hub: ` +
            'use casehub agents add and casehub keys create',
        );
      }
      const agent = await api.call<AgentView>('POST', '/v1/agents', {
        name: o.name,
        email: o.email,
        role: 'admin',
      });
      const key = await api.call<{ id: string; key: string }>('POST', '/v1/api-keys', {
        name: `${o.name} (casehub init)`,
        role: 'admin',
        agentId: agent.id,
      });
      console.log(key.key);
      console.error(
        `casehub: admin ${agent.name} (agent ${agent.id}) and their admin key ${key.id} created; ` +
          'the key above is shown once: keep it, e.g. export CASEHUB_API_KEY=<it>',
      );
    });
}
