import { describe, expect, it } from 'vitest';
import { averageHandleTime, ces, csat, firstContactResolution, nps } from './formulas.js';

describe('nps', () => {
  it('counts passives in the NPS denominator', () => {
    expect(nps([10, 9, 8, 7, 0])).toBe(20); // 2 promoters, 1 detractor, 5 answers → 40% − 20%
  });

  it('treats 6 as a detractor and 9 as a promoter', () => {
    expect(nps([9, 6])).toBe(0); // 50% − 50%
  });

  it('goes down to −100 when everyone is a detractor', () => {
    expect(nps([0, 3, 6])).toBe(-100);
  });

  it('is undefined without answers', () => {
    expect(nps([])).toBeNaN();
  });
});

describe('csat', () => {
  it('is the share of 4s and 5s on a 1–5 scale', () => {
    expect(csat([5, 4, 3, 2])).toBe(50);
  });

  it('is undefined without answers', () => {
    expect(csat([])).toBeNaN();
  });
});

describe('ces', () => {
  it('gives the mean effort and the share who agree (5–7) on a 1–7 scale', () => {
    expect(ces([7, 5, 4, 2])).toEqual({ mean: 4.5, agreePct: 50 });
  });

  it('is undefined without answers', () => {
    const { mean, agreePct } = ces([]);
    expect(mean).toBeNaN();
    expect(agreePct).toBeNaN();
  });
});

describe('firstContactResolution', () => {
  it('is the share of resolved cases resolved within their first interaction', () => {
    expect(
      firstContactResolution([
        { resolved: true, interactionsBeforeResolution: 1 },
        { resolved: true, interactionsBeforeResolution: 0 }, // resolved on creation, e.g. new → resolved
        { resolved: true, interactionsBeforeResolution: 2 },
        { resolved: true, interactionsBeforeResolution: 3 },
        { resolved: false, interactionsBeforeResolution: 1 }, // open cases are not in the denominator
      ]),
    ).toBe(50);
  });

  it('is undefined when no case is resolved', () => {
    expect(
      firstContactResolution([{ resolved: false, interactionsBeforeResolution: 1 }]),
    ).toBeNaN();
  });
});

describe('averageHandleTime', () => {
  it('averages talk + hold + wrap-up over handled interactions and leaves abandoned ones out', () => {
    expect(
      averageHandleTime([
        { talkSeconds: 300, holdSeconds: 60, wrapUpSeconds: 60, abandoned: false }, // 420 s
        { talkSeconds: 120, holdSeconds: 0, wrapUpSeconds: 60, abandoned: false }, // 180 s
        { talkSeconds: 0, holdSeconds: 90, wrapUpSeconds: 0, abandoned: true },
      ]),
    ).toBe(300); // (420 + 180) / 2
  });

  it('is undefined when every interaction was abandoned', () => {
    expect(
      averageHandleTime([{ talkSeconds: 0, holdSeconds: 30, wrapUpSeconds: 0, abandoned: true }]),
    ).toBeNaN();
    expect(averageHandleTime([])).toBeNaN();
  });
});
