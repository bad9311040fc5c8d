import { describe, expect, it } from 'vitest';
import { scaleScores, surveyLinksSchema } from './survey.js';

describe('survey links', () => {
  const page = 'https://survey.acme.example/s/t';
  const links = {
    page,
    scores: scaleScores('csat').map((score) => ({ score, url: `${page}?score=${score}` })),
    unsubscribe: `${page}/unsubscribe`,
  };

  it('take web links', () => {
    expect(surveyLinksSchema.safeParse(links).success).toBe(true);
  });

  it('refuse javascript: and data: links, which are URLs too', () => {
    const scripted = { ...links, scores: [{ score: 1, url: 'javascript:alert(1)' }] };
    expect(surveyLinksSchema.safeParse(scripted).success).toBe(false);
    expect(
      surveyLinksSchema.safeParse({ ...links, unsubscribe: 'data:text/html,hi' }).success,
    ).toBe(false);
  });
});
