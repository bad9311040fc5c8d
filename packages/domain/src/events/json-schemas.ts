import { z } from 'zod';
import { EVENTS_V1, EVENT_NAMES, subjectOf, typeOf } from './event-map.js';
import { cloudEventSchema } from './cloud-event.js';

/** JSON Schema (2020-12) of every v1 event, envelope included, keyed by CloudEvents type. */
export function eventJsonSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of EVENT_NAMES) {
    const schema = cloudEventSchema.extend({
      type: z.literal(typeOf(name)),
      data: EVENTS_V1[name],
    });
    out[typeOf(name)] = {
      $id: `https://casehub.dev/schemas/${typeOf(name)}.json`,
      title: typeOf(name),
      description: `Published on the NATS subject ${subjectOf(name)}.`,
      ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
    };
  }
  return out;
}
