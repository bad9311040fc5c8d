import { z } from 'zod';
import { EVENTS_V1, type EventMapV1, type EventName, typeOf } from './event-map.js';

/** The CloudEvents 1.0 JSON envelope every CaseHub event travels in. */
export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).describe('Unique; also the JetStream Nats-Msg-Id for de-duplication.'),
  source: z.string().min(1),
  type: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().describe('The case id.'),
  datacontenttype: z.literal('application/json'),
  /** Position of this change in its case's history; consumers may use it to detect gaps. */
  sequence: z.number().int().positive().optional(),
  /** The hub (installation) that emitted the event; a plugin ignores another hub's events. */
  hubid: z.string().min(1).optional(),
  data: z.unknown(),
});

export interface CloudEvent<N extends EventName = EventName> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  sequence?: number;
  hubid?: string;
  data: EventMapV1[N];
}

export interface EventMeta {
  id: string;
  source: string;
  time: Date;
  subject: string;
  sequence?: number;
  hubid?: string;
}

/** Builds an event, validating its data against the contract so the core never emits a malformed one. */
export function buildEvent<N extends EventName>(
  name: N,
  data: EventMapV1[N],
  meta: EventMeta,
  options: { validate?: boolean } = {},
): CloudEvent<N> {
  // `validate: false` is for tests of consumers' defences against a producer breaking the contract.
  const parsed = options.validate === false ? data : (EVENTS_V1[name].parse(data) as EventMapV1[N]);
  return {
    specversion: '1.0',
    id: meta.id,
    source: meta.source,
    type: typeOf(name),
    time: meta.time.toISOString(),
    subject: meta.subject,
    datacontenttype: 'application/json',
    ...(meta.sequence === undefined ? {} : { sequence: meta.sequence }),
    ...(meta.hubid === undefined ? {} : { hubid: meta.hubid }),
    data: parsed,
  };
}

/** Parses a received event of a known name; throws a ZodError naming the field at fault. */
export function parseEvent<N extends EventName>(name: N, raw: unknown): CloudEvent<N> {
  const env = cloudEventSchema.parse(raw);
  if (env.type !== typeOf(name)) {
    throw new Error(`Expected an event of type ${typeOf(name)}, got ${env.type}.`);
  }
  return { ...env, data: EVENTS_V1[name].parse(env.data) } as CloudEvent<N>;
}
