import { ces, csat, nps } from '../metrics/formulas.js';

/** How many answers gave each score, e.g. `{ 5: 12, 4: 3 }`. */
export type ScoreCounts = Readonly<Record<number, number>>;

/** Counts for one group (an agent, a day, ...) as the database sums them. */
export interface SurveyTally {
  invited: number;
  skipped: number;
  /** Invitations answered (of any kind). */
  responded: number;
  csat: ScoreCounts;
  nps: ScoreCounts;
  ces: ScoreCounts;
}

/** One group's scores; a figure without answers is null (not 0: nobody said 0). */
export interface SurveyScores {
  invited: number;
  skipped: number;
  responded: number;
  /** % of invitations answered. */
  responseRate: number | null;
  csat: { responses: number; score: number | null };
  nps: {
    responses: number;
    promoters: number;
    passives: number;
    detractors: number;
    score: number | null;
  };
  ces: { responses: number; mean: number | null; agreePct: number | null };
}

/** Expands counts into the scores the formulas take (counts are small per score, never per answer). */
function expand(counts: ScoreCounts): number[] {
  return Object.entries(counts).flatMap(([score, n]) => Array<number>(n).fill(Number(score)));
}

const finite = (x: number): number | null => (Number.isFinite(x) ? round(x) : null);
const round = (x: number) => Math.round(x * 100) / 100;
const total = (counts: ScoreCounts) => Object.values(counts).reduce((a, b) => a + b, 0);

/** CSAT, NPS, CES and response rate of one group, by the formulas in docs/metrics.md. */
export function surveyScores(t: SurveyTally): SurveyScores {
  const npsScores = expand(t.nps);
  const cesFigures = ces(expand(t.ces));
  return {
    invited: t.invited,
    skipped: t.skipped,
    responded: t.responded,
    responseRate: t.invited ? round((t.responded / t.invited) * 100) : null,
    csat: { responses: total(t.csat), score: finite(csat(expand(t.csat))) },
    nps: {
      responses: npsScores.length,
      promoters: npsScores.filter((s) => s >= 9).length,
      passives: npsScores.filter((s) => s === 7 || s === 8).length,
      detractors: npsScores.filter((s) => s <= 6).length,
      score: finite(nps(npsScores)),
    },
    ces: {
      responses: total(t.ces),
      mean: finite(cesFigures.mean),
      agreePct: finite(cesFigures.agreePct),
    },
  };
}

/** An empty tally to add rows into. */
export function emptyTally(): SurveyTally {
  return { invited: 0, skipped: 0, responded: 0, csat: {}, nps: {}, ces: {} };
}
