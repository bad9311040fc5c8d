import type { Command } from 'commander';
import type { NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { CloudEvent } from '@casehub/domain';
import { fail } from '../output.js';
import { withNats } from '../nats.js';
import { settings, type CliSettings } from '../settings.js';

interface TailOptions {
  type?: string;
  case?: string;
  since?: string;
  count?: string;
  json?: boolean;
  follow: boolean;
}

/** `casehub events tail`: the hub's events as they are published, without the `nats` CLI. */
export function registerEvents(program: Command): void {
  program
    .command('events')
    .description("the hub's events")
    .command('tail')
    .description('print events as they are published (Ctrl-C stops)')
    .option(
      '--type <pattern>',
      'only these: case.created, case.* or message.created (NATS wildcards)',
    )
    .option('--case <number or id>', "only this case's events")
    .option('--since <time>', 'start from this ISO 8601 time instead of now, e.g. 2026-12-01')
    .option('--count <n>', 'stop after n events')
    .option('--json', 'one CloudEvent per line')
    .option('--no-follow', 'stop at the end of the stream instead of waiting for new events')
    .action(async (o: TailOptions) => {
      const s = settings();
      const since = o.since ? new Date(o.since) : null;
      if (since && Number.isNaN(since.getTime()))
        fail(`--since: "${o.since}" is not a date or time`);
      const limit = o.count ? Number(o.count) : Infinity;
      if (!(limit > 0)) fail(`--count: "${o.count}" is not a positive number`);
      if (o.type && !/^[a-z_*>]+(\.[a-z_*>]+)*$/.test(o.type)) {
        fail(`--type: "${o.type}" is not an event name or pattern such as case.* or case.created`);
      }
      await withNats(s, (nc) => tail(nc, s, o, since, limit));
    });
}

/** Prints events from `since` (or now) until --count, Ctrl-C or, without --follow, the last one. */
async function tail(
  nc: NatsConnection,
  s: CliSettings,
  o: TailOptions,
  since: Date | null,
  limit: number,
): Promise<void> {
  const consumer = await jetstream(nc)
    .consumers.get(s.stream, {
      filter_subjects: `${s.prefix}.v1.${o.type ?? '>'}`,
      ...(since
        ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString() }
        : { deliver_policy: DeliverPolicy.New }),
    })
    .catch((err: Error) => fail(`cannot read stream ${s.stream}: ${err.message}`));
  console.error(`casehub: tailing ${s.stream} (${s.prefix}.v1.${o.type ?? '>'})`);
  let printed = 0;
  /** Prints one event; false once --count is reached. */
  const show = (event: CloudEvent): boolean => {
    if (o.case && !isOfCase(event, o.case)) return true;
    console.log(o.json ? JSON.stringify(event) : line(event));
    return ++printed < limit;
  };
  if (o.follow) {
    const messages = await consumer.consume();
    process.once('SIGINT', () => void messages.close());
    for await (const m of messages) if (!show(m.json<CloudEvent>())) break;
    return;
  }
  // Without --follow: batches until one comes back empty, or the last one the stream held.
  for (let more = true; more;) {
    let got = 0;
    for await (const m of await consumer.fetch({ max_messages: 256, expires: 1000 })) {
      got++;
      if (!show(m.json<CloudEvent>()) || m.info.pending === 0) more = false;
      if (!more) break;
    }
    if (got === 0) more = false;
  }
}

function isOfCase(event: CloudEvent, wanted: string): boolean {
  const c = (event.data as { case?: { number?: number } }).case;
  return event.subject === wanted || String(c?.number) === wanted.replace(/^#/, '');
}

/** time  type  #number  subject: what a person scanning the stream wants on one line. */
function line(event: CloudEvent): string {
  const data = event.data as { case?: { number?: number; subject?: string; status?: string } };
  const type = event.type.replace(/^casehub\./, '').replace(/\.v\d+$/, '');
  const c = data.case;
  return [event.time, type.padEnd(22), c?.number ? `#${c.number}` : event.subject, c?.subject ?? '']
    .join('  ')
    .trimEnd();
}
