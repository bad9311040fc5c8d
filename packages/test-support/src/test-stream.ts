import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';

export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export interface DeadLetterSeen {
  subject: string;
  error: string;
  attempts: string;
  event: { id: string; [k: string]: unknown };
}

export interface TestStream {
  stream: string;
  prefix: string;
  nc: NatsConnection;
  /** Publishes a case event as the core's relay does (event id = Nats-Msg-Id). */
  publish(
    name: string,
    caseId: string,
    opts?: { id?: string; sequence?: number; msgId?: string },
  ): Promise<{ id: string; subject: string; sequence?: number }>;
  /** What landed in the dead-letter stream `<stream>_DLQ`. */
  deadLetters(): Promise<DeadLetterSeen[]>;
  /** Deletes the stream and everything named after it (dead letters, key-value buckets). */
  remove(): Promise<void>;
}

/** An event stream of its own, as the core would create it, with a prefix no other test uses. */
export async function testStream(letter = 'T', natsUrl = TEST_NATS_URL): Promise<TestStream> {
  const id = randomBytes(4).toString('hex');
  const stream = `${letter}_${id}`;
  const prefix = `${letter.toLowerCase()}${id}.casehub`;
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: stream,
    subjects: [`${prefix}.v1.>`],
    storage: StorageType.File,
    duplicate_window: 120_000_000_000,
  });
  const js = jetstream(nc);
  const dlq = `${stream}_DLQ`;
  return {
    stream,
    prefix,
    nc,
    async publish(name, caseId, opts = {}) {
      const id = opts.id ?? randomUUID();
      const event = {
        specversion: '1.0',
        id,
        source: '/test',
        type: `casehub.${name}.v1`,
        time: new Date().toISOString(),
        subject: caseId,
        datacontenttype: 'application/json',
        sequence: opts.sequence,
        data: { case: { id: caseId } },
      };
      await js.publish(`${prefix}.v1.${name}`, JSON.stringify(event), { msgID: opts.msgId ?? id });
      return event;
    },
    async deadLetters() {
      const info = await jsm.streams.info(dlq).catch(() => null);
      if (!info?.state.messages) return [];
      const name = `dl_${randomBytes(3).toString('hex')}`;
      await jsm.consumers.add(dlq, {
        name,
        ack_policy: AckPolicy.None,
        deliver_policy: DeliverPolicy.All,
      });
      const c = await js.consumers.get(dlq, name);
      const out: DeadLetterSeen[] = [];
      for await (const m of await c.fetch({ max_messages: info.state.messages, expires: 3000 })) {
        out.push({
          subject: m.subject,
          error: m.headers?.get('CaseHub-Error') ?? '',
          attempts: m.headers?.get('CaseHub-Attempts') ?? '',
          event: m.json<DeadLetterSeen['event']>(),
        });
        if (out.length >= info.state.messages) break;
      }
      await jsm.consumers.delete(dlq, name).catch(() => undefined);
      return out;
    },
    async remove() {
      for await (const name of jsm.streams.names()) {
        if (name.includes(stream)) await jsm.streams.delete(name).catch(() => undefined);
      }
      await nc.close();
    },
  };
}
