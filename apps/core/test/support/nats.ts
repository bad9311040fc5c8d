import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { CloudEvent } from '@casehub/domain';
import { answers } from '../../src/nats/nats-server.launcher.js';

export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Stream name and subject prefix of one test, so tests never see each other's events. */
export function isolatedStream(): { NATS_STREAM: string; NATS_SUBJECT_PREFIX: string } {
  const id = randomBytes(4).toString('hex');
  return { NATS_STREAM: `T_${id}`, NATS_SUBJECT_PREFIX: `t${id}.casehub` };
}

/** Every message in a stream, parsed, in stream order. */
export async function readStream(natsUrl: string, stream: string): Promise<CloudEvent[]> {
  return (await readMessages(natsUrl, stream)).map((m) => m.event);
}

/** Every message in a stream with its trace header. */
export async function readMessages(
  natsUrl: string,
  stream: string,
): Promise<{ event: CloudEvent; traceparent: string | undefined }[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream).catch(() => null);
    if (!info || info.state.messages === 0) return [];
    const name = `reader_${randomBytes(4).toString('hex')}`;
    await jsm.consumers.add(stream, {
      name,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      inactive_threshold: 60_000_000_000,
    });
    const consumer = await jetstream(nc).consumers.get(stream, name);
    const out: { event: CloudEvent; traceparent: string | undefined }[] = [];
    const total = info.state.messages;
    const iter = await consumer.fetch({ max_messages: total, expires: 5000 });
    for await (const m of iter) {
      out.push({
        event: m.json<CloudEvent>(),
        traceparent: m.headers?.get('traceparent') || undefined,
      });
      if (out.length >= total) break;
    }
    return out;
  } finally {
    await nc.close();
  }
}

export async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const nc: NatsConnection = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => undefined);
    await jsm.streams.delete(`${stream}_DLQ`).catch(() => undefined); // the inbound consumer's
    await jsm.streams.delete(`KV_casehub_inbox_${stream}_casehub-core`).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

import { eventually } from '@casehub/test-support';

export { eventually };

/** A private nats-server (JetStream on disk) that a test may stop and restart. */
export class PrivateNats {
  private proc: ChildProcess | null = null;
  readonly storeDir = mkdtempSync(join(tmpdir(), 'casehub-nats-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'nats-server',
      ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir],
      { stdio: 'ignore' },
    );
    await eventually(async () => {
      if (!(await answers('127.0.0.1', this.port, 200))) throw new Error('nats-server not up');
    }, 10_000);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
    this.proc = null;
  }
}
