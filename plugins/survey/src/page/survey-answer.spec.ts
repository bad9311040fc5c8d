import { describe, expect, it } from 'vitest';
import { readAnswerForm } from './survey-answer.js';

describe('readAnswerForm', () => {
  it('takes a score on the kind’s scale, an optional CES and a trimmed comment', () => {
    expect(
      readAnswerForm('csat', true, { score: '4', ces: '6', comment: '  Quick help\r\n ' }),
    ).toEqual({
      answer: { score: 4, ces: 6, comment: 'Quick help' },
    });
    expect(readAnswerForm('nps', true, { score: '0', ces: '', comment: '' })).toEqual({
      answer: { score: 0, ces: null, comment: null },
    });
  });

  it('names each field that is wrong', () => {
    expect(readAnswerForm('csat', true, { score: '0', ces: '8' })).toMatchObject({
      errors: ['score', 'ces'],
    });
    expect(readAnswerForm('nps', true, { score: '11' })).toMatchObject({ errors: ['score'] });
    expect(readAnswerForm('csat', true, {})).toMatchObject({ errors: ['score'] });
    expect(readAnswerForm('csat', true, { score: '4.5' })).toMatchObject({ errors: ['score'] });
    expect(readAnswerForm('csat', true, { score: '5', comment: 'x'.repeat(5001) })).toMatchObject({
      errors: ['comment'],
    });
  });

  it('ignores a CES answer the survey did not ask for, and strips control characters', () => {
    expect(readAnswerForm('csat', false, { score: '5', ces: '7', comment: 'a\u0000b\tc' })).toEqual(
      {
        answer: { score: 5, ces: null, comment: 'ab\tc' },
      },
    );
  });
});
