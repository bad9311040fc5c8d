import type { EventMapV1 } from '@casehub/domain';
import { toE164 } from './e164.js';

/** What an SMS plugin does with a `survey.invited`: not its channel, refuse it, or text it. */
export type SmsSurveyInvitation =
  | { kind: 'not-sms' }
  | { kind: 'refused'; reason: string }
  | { kind: 'text'; to: string; text: string };

/**
 * The text inviting a customer to a survey by SMS: one short sentence with the survey page's
 * link, to the case's contact's phone. Refused (never worth a retry) without a phone number or
 * with a link that is not http(s): a javascript: or data: link has no place in a text.
 */
export function smsSurveyInvitation({
  case: c,
  survey,
  links,
}: EventMapV1['survey.invited']): SmsSurveyInvitation {
  if (survey.channel !== 'sms') return { kind: 'not-sms' };
  const to = c.contact?.phone ? toE164(c.contact.phone) : null;
  if (!to)
    return {
      kind: 'refused',
      reason: `survey ${survey.id}: the case's contact has no phone number`,
    };
  if (!/^https?:\/\//i.test(links.page))
    return { kind: 'refused', reason: `survey ${survey.id}: ${links.page} is not an http(s) link` };
  return {
    kind: 'text',
    to,
    text: `How did we do with case #${c.number}? Tell us here: ${links.page}`,
  };
}
