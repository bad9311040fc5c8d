import type { Command } from 'commander';
import { CoreApi } from '../core-api.js';
import { table } from '../output.js';
import { settings } from '../settings.js';

interface ApiKeyView {
  id: string;
  name: string;
  role: string;
  prefix: string;
  agentId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  key?: string;
}

/** `casehub keys create|list|revoke`: API keys, through the core (an admin key). */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('API keys: create, list, revoke');

  keys
    .command('create')
    .description('create a key; its secret is printed once')
    .requiredOption('--name <name>', 'what the key is for, e.g. "Ada\'s laptop" or "email plugin"')
    .option('--role <role>', 'agent, supervisor, admin or plugin', 'agent')
    .option('--agent <id>', 'the agent the key acts for (for agent, supervisor and admin keys)')
    .action(async (o: { name: string; role: string; agent?: string }) => {
      const key = await new CoreApi(settings()).call<ApiKeyView>('POST', '/v1/api-keys', {
        name: o.name,
        role: o.role,
        ...(o.agent ? { agentId: o.agent } : {}),
      });
      console.log(key.key);
      console.error(`casehub: key ${key.id} (${key.role}) created; its secret above is shown once`);
    });

  keys
    .command('list')
    .description('every key: id, name, role, agent, last used, revoked')
    .action(async () => {
      table(
        (await new CoreApi(settings()).list<ApiKeyView>('/v1/api-keys')).map((k) => ({
          id: k.id,
          name: k.name,
          role: k.role,
          prefix: k.prefix,
          agent: k.agentId ?? '-',
          lastUsed: k.lastUsedAt ?? 'never',
          revoked: k.revokedAt ?? '-',
        })),
      );
    });

  keys
    .command('revoke')
    .description('revoke a key at once (see keys list for ids)')
    .argument('<id>', 'the key id')
    .action(async (id: string) => {
      const key = await new CoreApi(settings()).call<ApiKeyView>('DELETE', `/v1/api-keys/${id}`);
      console.log(`revoked key ${key.id} (${key.name})`);
    });
}
