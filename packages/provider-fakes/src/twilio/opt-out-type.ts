import { consentKeyword, type ConsentKeyword } from '@casehub/channel-kit';

/** The kinds of keyword message Twilio's Advanced Opt-Out reports in `OptOutType`. */
export type OptOutType = 'STOP' | 'START' | 'HELP';

const TYPES: Record<ConsentKeyword, OptOutType> = {
  'opt-out': 'STOP',
  'opt-in': 'START',
  help: 'HELP',
};

/**
 * The opt-out type of an inbound body: Twilio matches only a body that is the keyword as a whole,
 * in any case ("sToP" opts out, "Stop please" does not): the keyword rule CaseHub shares.
 */
export function optOutTypeOf(body: string): OptOutType | undefined {
  const keyword = consentKeyword(body);
  return keyword ? TYPES[keyword] : undefined;
}
