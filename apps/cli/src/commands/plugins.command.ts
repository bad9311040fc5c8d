import type { Command } from 'commander';
import { jetstreamManager } from '@nats-io/jetstream';
import { deadLetterStream, inboxBucket } from '@casehub/plugin-sdk';
import { CoreApi } from '../core-api.js';
import { fail, table } from '../output.js';
import { withNats } from '../nats.js';
import { settings } from '../settings.js';

/** `casehub plugins [list]` and `casehub plugins remove NAME`. */
export function registerPlugins(program: Command): void {
  const plugins = program
    .command('plugins')
    .description('list the plugins the core knows, with status, consumer lag and dead letters')
    .action(list);
  plugins.command('list').description('the same as casehub plugins').action(list);

  plugins
    .command('remove')
    .description(
      'delete what a removed plugin left on NATS: its consumer, its inbox, its dead letters',
    )
    .argument('<name>', 'the plugin')
    .option('--force', 'even while replicas of it are still consuming')
    .action(async (name: string, o: { force?: boolean }) => {
      const s = settings();
      await withNats(s, async (nc) => {
        const jsm = await jetstreamManager(nc);
        const consumer = await jsm.consumers.info(s.stream, name).catch(() => null);
        if (consumer && consumer.num_waiting > 0 && !o.force) {
          fail(
            `${name} is still consuming (${consumer.num_waiting} pull request(s) waiting): stop its replicas first, or pass --force`,
          );
        }
        const done: string[] = [];
        if (consumer && (await jsm.consumers.delete(s.stream, name)))
          done.push(`consumer ${s.stream}/${name}`);
        const bucket = `KV_${inboxBucket(s.stream, name)}`;
        if (await jsm.streams.delete(bucket).catch(() => false)) done.push(`inbox ${bucket}`);
        const dlq = deadLetterStream(s.stream);
        const purged = await jsm.streams
          .purge(dlq, { filter: `${s.prefix}.dlq.${name}.>` })
          .catch(() => ({ purged: 0 }));
        if (purged.purged > 0) done.push(`${purged.purged} dead letter(s) in ${dlq}`);
        if (!done.length)
          fail(`${name} left nothing on ${s.stream}: no consumer, inbox or dead letters`);
        console.log(`removed ${done.join(', ')}`);
      });
    });
}

async function list(): Promise<void> {
  table(
    (await new CoreApi(settings()).list<Record<string, unknown>>('/v1/plugins')).map((p) => ({
      name: p.name,
      version: p.version,
      contract: p.contract,
      status: p.status,
      instances: p.instances,
      lag: p.consumerLag ?? '?',
      dead: p.deadLetters ?? '?',
    })),
  );
}
