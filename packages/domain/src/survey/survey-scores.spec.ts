import { describe, expect, it } from 'vitest';
import { emptyTally, surveyScores } from './survey-scores.js';

describe('surveyScores', () => {
  it('computes CSAT, NPS, CES and response rate from counts (hand-checked)', () => {
    const s = surveyScores({
      invited: 8,
      skipped: 3,
      responded: 6,
      // CSAT answers 5,5,4,3: three of four are 4–5 → 75 %
      csat: { 5: 2, 4: 1, 3: 1 },
      // NPS answers 10,9,8,3: 2 promoters, 1 passive, 1 detractor → 50 % − 25 % = 25
      nps: { 10: 1, 9: 1, 8: 1, 3: 1 },
      // CES answers 7,6,2: mean 5, two of three agree (5–7) → 66.67 %
      ces: { 7: 1, 6: 1, 2: 1 },
    });
    expect(s.responseRate).toBe(75); // 6 of 8
    expect(s.csat).toEqual({ responses: 4, score: 75 });
    expect(s.nps).toEqual({ responses: 4, promoters: 2, passives: 1, detractors: 1, score: 25 });
    expect(s.ces).toEqual({ responses: 3, mean: 5, agreePct: 66.67 });
  });

  it('gives null, not 0, where nobody answered', () => {
    const s = surveyScores(emptyTally());
    expect(s.responseRate).toBeNull();
    expect(s.csat.score).toBeNull();
    expect(s.nps.score).toBeNull();
    expect(s.ces.mean).toBeNull();
  });

  it('an NPS of only passives is 0', () => {
    expect(surveyScores({ ...emptyTally(), nps: { 7: 2, 8: 3 } }).nps.score).toBe(0);
  });
});
