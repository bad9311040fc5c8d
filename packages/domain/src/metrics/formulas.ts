/** Metric formulas; docs/metrics.md gives the definitions and their sources. */

function pct(part: number, whole: number): number {
  return whole === 0 ? NaN : (part / whole) * 100;
}

/** Net Promoter Score: % promoters (9–10) minus % detractors (0–6); passives count in the denominator. */
export function nps(scores: readonly number[]): number {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return pct(promoters, scores.length) - pct(detractors, scores.length);
}

/** CSAT: % of answers that are 4 or 5 on a 1–5 scale. */
export function csat(scores: readonly number[]): number {
  return pct(scores.filter((s) => s >= 4).length, scores.length);
}

/** Customer Effort Score on a 1–7 agreement scale: mean, and % who agree (5–7). */
export function ces(scores: readonly number[]): { mean: number; agreePct: number } {
  const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : NaN;
  return { mean, agreePct: pct(scores.filter((s) => s >= 5).length, scores.length) };
}

/** First contact resolution: % of resolved cases resolved within their first interaction. */
export function firstContactResolution(
  cases: readonly { resolved: boolean; interactionsBeforeResolution: number }[],
): number {
  const resolved = cases.filter((c) => c.resolved);
  return pct(resolved.filter((c) => c.interactionsBeforeResolution <= 1).length, resolved.length);
}

/** Average handle time in seconds: (talk + hold + wrap-up) / handled interactions; abandoned ones excluded. */
export function averageHandleTime(
  interactions: readonly {
    talkSeconds: number;
    holdSeconds: number;
    wrapUpSeconds: number;
    abandoned: boolean;
  }[],
): number {
  const handled = interactions.filter((i) => !i.abandoned);
  if (!handled.length) return NaN;
  return (
    handled.reduce((a, i) => a + i.talkSeconds + i.holdSeconds + i.wrapUpSeconds, 0) /
    handled.length
  );
}
