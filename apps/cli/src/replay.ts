import { DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { inboxBucket } from '@casehub/plugin-sdk';
import { withNats } from './nats.js';
import type { CliSettings } from './settings.js';

/**
 * Re-delivers past events to one plugin: its durable consumer is made again, starting at `since`
 * (its running replicas keep pulling from the same name and get the events). Other plugins are
 * untouched. Events the plugin still remembers handling are passed over unless `forget` clears
 * its inbox first (a newly installed connector back-filling history remembers nothing anyway).
 */
export async function replay(
  s: CliSettings,
  plugin: string,
  since: Date,
  forget: boolean,
): Promise<number> {
  return withNats(s, async (nc) => {
    const jsm = await jetstreamManager(nc);
    const current = await jsm.consumers.info(s.stream, plugin).catch(() => null);
    if (!current)
      throw new Error(`plugin ${plugin} has no consumer on ${s.stream}: has it ever run?`);
    if (forget) {
      await jsm.streams.purge(`KV_${inboxBucket(s.stream, plugin)}`).catch(() => undefined);
    }
    await jsm.consumers.delete(s.stream, plugin);
    await jsm.consumers.add(s.stream, {
      ...current.config,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: since.toISOString(),
    });
    return (await jsm.consumers.info(s.stream, plugin)).num_pending;
  });
}
