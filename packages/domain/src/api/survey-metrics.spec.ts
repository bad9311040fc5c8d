import { describe, expect, it } from 'vitest';
import { surveyMetricsQuerySchema } from './survey-metrics.js';

describe('surveyMetricsQuerySchema', () => {
  it('defaults to the 30 days up to now, without groups', () => {
    const before = Date.now();
    const q = surveyMetricsQuerySchema.parse({});
    expect(q.groupBy).toBeNull();
    expect(q.to.getTime()).toBeGreaterThanOrEqual(before);
    expect(q.to.getTime() - q.from.getTime()).toBe(30 * 86_400_000);
  });

  it('reads a bare date as midnight UTC and keeps an offset', () => {
    const q = surveyMetricsQuerySchema.parse({
      from: '2026-03-01',
      to: '2026-03-02T01:00:00+02:00',
      groupBy: 'day',
    });
    expect(q.from.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(q.to.toISOString()).toBe('2026-03-01T23:00:00.000Z');
  });

  it('takes `from` as 30 days before a given `to`', () => {
    const q = surveyMetricsQuerySchema.parse({ to: '2026-03-31' });
    expect(q.from.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('names the parameter at fault', () => {
    const paths = (input: object) =>
      surveyMetricsQuerySchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ from: '2026-03-02', to: '2026-03-01' })).toEqual(['from']);
    expect(paths({ from: '2026-03-01', to: '2026-03-01' })).toEqual(['from']);
    expect(paths({ from: 'yesterday' })).toEqual(['from']);
    expect(paths({ to: '2026-02-30' })).toEqual(['to']);
    expect(paths({ groupBy: 'team' })).toEqual(['groupBy']);
    expect(paths({ from: '2099-01-01' })).toEqual(['from']); // after the default `to`, now
  });
});
