import { z } from 'zod';
import { channelSchema } from '../case/channel.js';

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

const seconds = z
  .number()
  .int()
  .nonnegative()
  .max(7 * 24 * 3600);

/**
 * One customer contact on a case: a call, a chat, an email exchange. Talk, hold and
 * wrap-up seconds feed average handle time (AHT).
 */
export const interactionInputSchema = z
  .object({
    channel: channelSchema,
    direction: z.enum(DIRECTIONS),
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    talkSeconds: seconds.default(0),
    holdSeconds: seconds.default(0),
    wrapUpSeconds: seconds.default(0),
    abandoned: z
      .boolean()
      .default(false)
      .describe('The customer hung up or left before an agent answered.'),
    agentId: z.string().nullable().optional(),
    note: z.string().max(10_000).optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.endedAt && Date.parse(i.endedAt) < Date.parse(i.startedAt)) {
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'endedAt is before startedAt.' });
    }
  });
export type InteractionInput = z.infer<typeof interactionInputSchema>;

/** Handle time of one interaction: talk + hold + wrap-up (the AHT numerator). */
export function handleTimeSeconds(i: {
  talkSeconds: number;
  holdSeconds: number;
  wrapUpSeconds: number;
}): number {
  return i.talkSeconds + i.holdSeconds + i.wrapUpSeconds;
}
