import { isScore, type SurveyKind } from '@casehub/domain';

export interface AnswerForm {
  score: number;
  ces: number | null;
  comment: string | null;
}
export type AnswerField = 'score' | 'ces' | 'comment';

/** Reads the posted form; what is wrong comes back by field, for the page to say next to it. */
export function readAnswerForm(
  kind: SurveyKind,
  askCes: boolean,
  body: unknown,
): { answer: AnswerForm } | { errors: AnswerField[]; values: Partial<AnswerForm> } {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : '');
  const errors: AnswerField[] = [];
  const score = toInt(text(form.score));
  if (!isScore(kind, score)) errors.push('score');
  const cesText = text(form.ces).trim();
  const ces = askCes && cesText ? toInt(cesText) : null;
  if (ces !== null && !isScore('ces', ces)) errors.push('ces');
  const comment = text(form.comment).replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
  if ([...comment].length > 5000) errors.push('comment');
  const values = {
    score: isScore(kind, score) ? score : undefined,
    ces: ces !== null && isScore('ces', ces) ? ces : null,
    comment: comment || null,
  };
  if (errors.length) return { errors, values };
  return { answer: { score: score as number, ces: values.ces, comment: values.comment } };
}

/** Control characters other than line breaks and tabs have no place in a comment. */
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function toInt(s: string): number | null {
  return /^\s*-?\d{1,3}\s*$/.test(s) ? Number(s) : null;
}
