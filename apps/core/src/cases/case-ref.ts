import { formatCaseNumber, parseCaseNumber } from '@casehub/domain';
import { problems } from '../problems/problem.js';
import type { CaseKey } from './case-store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `:id` in a case URL is the id or the ticket number (`1042` or `#1042`). */
export function caseKey(ref: string): CaseKey {
  if (UUID.test(ref)) return { id: ref.toLowerCase() };
  const number = parseCaseNumber(ref);
  if (number !== null && Number.isSafeInteger(number)) return { number };
  throw problems.notFound(`"${ref}" is neither a case id nor a ticket number.`);
}

export function caseNotFound(ref: string | CaseKey) {
  const name = typeof ref === 'string' ? ref : 'id' in ref ? ref.id : formatCaseNumber(ref.number);
  return problems.notFound(`No case ${name}.`);
}
