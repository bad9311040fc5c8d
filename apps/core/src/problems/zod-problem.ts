import type { StandardSchemaV1 } from '@standard-schema/spec';
import { problems, type FieldError, type ProblemException } from './problem.js';

type Issue = StandardSchemaV1.Issue & { code?: string; keys?: string[] };

const segment = (p: PropertyKey | StandardSchemaV1.PathSegment) =>
  String(typeof p === 'object' ? p.key : p)
    .replace(/~/g, '~0')
    .replace(/\//g, '~1');

/** Maps schema issues (zod, or any Standard Schema) to a 400 problem naming each field. */
export function validationProblem(
  issues: readonly StandardSchemaV1.Issue[],
  where = 'body',
): ProblemException {
  const errors: FieldError[] = [];
  for (const issue of issues as readonly Issue[]) {
    const base = '#/' + (issue.path ?? []).map(segment).join('/');
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      for (const key of issue.keys) {
        errors.push({
          pointer: `${base.replace(/\/$/, '')}/${segment(key)}`,
          detail: `Unknown field "${key}".`,
        });
      }
    } else {
      errors.push({ pointer: base === '#/' ? '#' : base, detail: issue.message });
    }
  }
  const named = errors.map((e) => `${e.pointer.replace(/^#\/?/, '') || where}: ${e.detail}`);
  return problems.validation(`The ${where} has ${errors.length} problem(s): ${named.join('; ')}`, {
    errors,
  });
}
