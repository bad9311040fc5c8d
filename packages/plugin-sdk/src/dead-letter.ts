import { headers } from '@nats-io/transport-node';
import { jetstreamManager, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** Headers a dead letter carries, so an operator can see why and replay it where it came from. */
export const DEAD_LETTER_HEADERS = {
  plugin: 'CaseHub-Plugin',
  error: 'CaseHub-Error',
  attempts: 'CaseHub-Attempts',
  originalSubject: 'CaseHub-Original-Subject',
  eventId: 'CaseHub-Event-Id',
} as const;

export function deadLetterStream(stream: string): string {
  return `${stream}_DLQ`;
}

export function deadLetterSubject(prefix: string, plugin: string, eventName: string): string {
  return `${prefix}.dlq.${plugin}.${eventName}`;
}

/** Creates the dead-letter stream next to the event stream if it is missing. */
export async function ensureDeadLetterStream(
  nc: NatsConnection,
  stream: string,
  prefix: string,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const name = deadLetterStream(stream);
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams
      .add({ name, subjects: [`${prefix}.dlq.>`], storage: StorageType.File })
      .catch(async (err: unknown) => {
        await jsm.streams.info(name).catch(() => {
          throw err; // not a race with another replica: a real failure
        });
      });
  }
}

/** Parks an event that keeps failing; de-duplicated per plugin and event. */
export async function sendToDeadLetter(
  js: JetStreamClient,
  letter: {
    subject: string;
    plugin: string;
    eventId: string;
    originalSubject: string;
    attempts: number;
    error: string;
    data: Uint8Array;
  },
): Promise<void> {
  const h = headers();
  h.set(DEAD_LETTER_HEADERS.plugin, letter.plugin);
  h.set(DEAD_LETTER_HEADERS.error, letter.error.replace(/[\r\n]+/g, ' ').slice(0, 1000));
  h.set(DEAD_LETTER_HEADERS.attempts, String(letter.attempts));
  h.set(DEAD_LETTER_HEADERS.originalSubject, letter.originalSubject);
  h.set(DEAD_LETTER_HEADERS.eventId, letter.eventId);
  await js.publish(letter.subject, letter.data, {
    msgID: `${letter.plugin}:${letter.eventId}`,
    headers: h,
  });
}
