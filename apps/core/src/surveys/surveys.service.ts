import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  Case,
  emptyTally,
  isScore,
  SURVEY_SCALES,
  surveyScores,
  type Actor,
  type InboundSurveyDecision,
  type InboundSurveyResponse,
  type ScoreCounts,
  type SurveyGroupBy,
  type SurveyKind,
  type SurveyMetrics,
  type SurveyMetricsQuery,
  type SurveyScale,
  type SurveyStatus,
  type SurveyTally,
  type SurveyView,
} from '@casehub/domain';
import { CaseWriter } from '../cases/case-writer.service.js';
import { CasesService } from '../cases/cases.service.js';
import { ConsentService } from '../contacts/consent.service.js';
import { Transactions } from '../database/transactions.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { ProblemException } from '../problems/problem.js';
import { SurveyEntity } from './survey.entity.js';
import { toSurveyView } from './survey-view.js';

/** What became of an inbound survey event; `rejected` ones can never apply (dead-letter them). */
export type SurveyOutcome =
  | { kind: 'recorded'; survey: SurveyView }
  | { kind: 'duplicate' }
  | { kind: 'stale'; storedRevision: number }
  | { kind: 'rejected'; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One row of the metrics query: how many surveys of a group share a status, kind and answer. */
interface CountRow {
  key?: string | null;
  status: SurveyStatus;
  kind: SurveyKind;
  score: number | null;
  ces: number | null;
  n: number | string;
}

/**
 * Survey records: the survey plugin's decisions (invite or skip) and customers' answers, each
 * stored with its event in one transaction, and the CSAT/NPS/CES figures computed from them.
 */
@Injectable()
export class SurveysService {
  private readonly log = new Logger(SurveysService.name);

  constructor(
    private readonly writer: CaseWriter,
    private readonly cases: CasesService,
    private readonly tx: Transactions,
    private readonly consent: ConsentService,
    @InjectRepository(SurveyEntity) private readonly surveys: Repository<SurveyEntity>,
  ) {}

  /** Records an invitation or a skip once per survey id, and emits `survey.invited` or `.skipped`. */
  async recordDecision(d: InboundSurveyDecision): Promise<SurveyOutcome> {
    const broken = brokenDecision(d);
    if (broken) return this.reject(`survey decision ${d.surveyId}: ${broken}`);
    if (await this.surveys.existsBy({ id: d.surveyId })) return { kind: 'duplicate' };
    const actor: Actor = { type: 'plugin', id: d.plugin };
    const at = new Date();
    try {
      const { change } = await this.writer.change({ id: d.caseId }, actor, async (c) => {
        // No plugin may invite a contact who opted out of the channel (STOP): skipped instead.
        const refused =
          d.decision === 'invite' &&
          c.contactId !== null &&
          (await this.consent.optedOut(c.contactId, d.channel, 'surveys'));
        const invite = d.decision === 'invite' && !refused;
        const survey: SurveyView = {
          id: d.surveyId,
          caseId: c.id,
          contactId: d.contactId,
          kind: d.kind,
          channel: d.channel,
          status: invite ? 'invited' : 'skipped',
          skipReason: invite ? null : refused ? 'opted_out' : d.reason!,
          // Whom the answer is about: whoever works the case now, else the agent who owns it.
          agentId: c.assigneeId ?? c.ownerId,
          groupId: c.groupId,
          locale: d.locale,
          askCes: d.askCes,
          decidedAt: new Date(d.decidedAt).toISOString(),
          expiresAt: d.expiresAt ? new Date(d.expiresAt).toISOString() : null,
          answer: null,
        };
        return Case.attach(
          c,
          [
            invite
              ? { name: 'survey.invited', data: { survey, links: d.links! } }
              : { name: 'survey.skipped', data: { survey } },
          ],
          at,
        );
      });
      return { kind: 'recorded', survey: (change.events[0].data as { survey: SurveyView }).survey };
    } catch (err) {
      if (err instanceof ProblemException && err.problem.status === 404) {
        return this.reject(`survey decision ${d.surveyId}: no case ${d.caseId}`);
      }
      // The same decision published twice (two event ids) at once: the survey's id is its key.
      if (isUniqueViolation(err, 'surveys')) return { kind: 'duplicate' };
      throw err;
    }
  }

  /**
   * Stores a customer's answer if it is newer than the stored one (answers can be changed, and
   * revisions may arrive out of order), and emits `survey.responded`.
   */
  async recordResponse(r: InboundSurveyResponse): Promise<SurveyOutcome> {
    const stored = await this.surveys.findOneBy({ id: r.surveyId });
    if (!stored) return this.reject(`survey response: no survey ${r.surveyId}`);
    const broken = brokenAnswer(stored, r);
    if (broken) return this.reject(`survey response to ${r.surveyId}: ${broken}`);
    if (r.revision <= stored.revision) {
      this.log.debug(
        `survey ${r.surveyId}: revision ${r.revision} is not newer than ${stored.revision}`,
      );
      return { kind: 'stale', storedRevision: stored.revision };
    }
    const actor: Actor = { type: 'plugin', id: r.plugin };
    const at = new Date();
    let storedRevision = stored.revision;
    const { change } = await this.writer.change({ id: stored.caseId }, actor, async (c) => {
      // Read again for this version of the case: another revision may have been stored meanwhile
      // (saving it moved the case on, so this read and the save below cannot miss each other).
      const s = await this.surveys.findOneByOrFail({ id: r.surveyId });
      storedRevision = s.revision;
      if (r.revision <= s.revision) return { next: c, events: [] };
      const answeredAt = new Date(r.answeredAt);
      const survey = toSurveyView({
        ...s,
        status: 'responded',
        score: r.score,
        ces: r.ces,
        comment: r.comment,
        revision: r.revision,
        answeredAt,
      });
      const firstAnswer = s.firstAnsweredAt === null;
      return Case.attach(c, [{ name: 'survey.responded', data: { survey, firstAnswer } }], at);
    });
    const responded = change.events[0]?.data as { survey: SurveyView } | undefined;
    return responded
      ? { kind: 'recorded', survey: responded.survey }
      : { kind: 'stale', storedRevision };
  }

  /** The surveys of a case, oldest decision first. */
  async forCase(ref: string): Promise<SurveyView[]> {
    const rows = await this.surveys.find({
      where: { caseId: await this.cases.idOf(ref) },
      order: { decidedAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toSurveyView);
  }

  /**
   * CSAT, NPS, CES and response rate of the surveys decided in [from, to), in total and per
   * group. The database counts (per group, status, kind and answer); the formulas run here.
   */
  async metrics(q: SurveyMetricsQuery): Promise<SurveyMetrics> {
    const key = q.groupBy ? this.groupKey(q.groupBy) : null;
    const qb = this.surveys
      .createQueryBuilder('s')
      .select('s.status', 'status')
      .addSelect('s.kind', 'kind')
      .addSelect('s.score', 'score')
      .addSelect('s.ces', 'ces')
      .addSelect('COUNT(*)', 'n')
      .where('s.decidedAt >= :from AND s.decidedAt < :to', { from: q.from, to: q.to })
      .groupBy('s.status')
      .addGroupBy('s.kind')
      .addGroupBy('s.score')
      .addGroupBy('s.ces');
    if (key) qb.addSelect(key, 'key').addGroupBy(key);
    const rows = await qb.getRawMany<CountRow>();

    const total = emptyTally();
    const groups = new Map<string | null, SurveyTally>();
    for (const row of rows) {
      addCount(total, row);
      if (!key) continue;
      const k = row.key ?? null;
      const tally = groups.get(k) ?? emptyTally();
      groups.set(k, tally);
      addCount(tally, row);
    }
    return {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      groupBy: q.groupBy,
      total: surveyScores(total),
      ...(key
        ? {
            groups: [...groups.entries()]
              .sort(([a], [b]) => byKey(a, b))
              .map(([k, tally]) => ({ key: k, ...surveyScores(tally) })),
          }
        : {}),
    };
  }

  /** The SQL that names a survey's group; days are UTC days, as YYYY-MM-DD on both databases. */
  private groupKey(by: SurveyGroupBy): string {
    switch (by) {
      case 'agent':
        return 's.agentId';
      case 'group':
        return 's.groupId';
      case 'channel':
        return 's.channel';
      case 'day':
        // SQLite keeps a date-time as UTC text, 'YYYY-MM-DD HH:MM:SS.SSS'.
        return this.tx.dialect === 'postgres'
          ? `to_char(s.decidedAt AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
          : 'substr(s.decidedAt, 1, 10)';
    }
  }

  /** The inbound transport logs and dead-letters a rejected event with this reason. */
  private reject(reason: string): SurveyOutcome {
    return { kind: 'rejected', reason };
  }
}

/** What makes a decision impossible to record, beyond its schema; null when it is fine. */
function brokenDecision(d: InboundSurveyDecision): string | null {
  if (!UUID.test(d.caseId)) return `no case ${d.caseId} (caseId must be a case id)`;
  if (d.contactId !== null && !UUID.test(d.contactId)) {
    return `contactId ${d.contactId} is not a contact id`;
  }
  if (d.decision === 'invite' && !d.links) return 'an invitation needs its links';
  if (d.decision === 'skip' && !d.reason) return 'a skip needs its reason';
  return null;
}

/** What makes an answer impossible to store on this survey; null when it is fine. */
function brokenAnswer(s: SurveyEntity, r: InboundSurveyResponse): string | null {
  if (s.caseId !== r.caseId) return `the survey is about case ${s.caseId}, not ${r.caseId}`;
  if (s.status === 'skipped') {
    return `the survey was skipped (${s.skipReason}): nobody was invited to answer it`;
  }
  if (!onScale(s.kind, r.score)) return `score ${r.score} is not on the ${scale(s.kind)} scale`;
  if (r.ces !== null && !onScale('ces', r.ces))
    return `ces ${r.ces} is not on the ${scale('ces')} scale`;
  return null;
}

/** isScore without narrowing, so that the value can still be named in the message. */
const onScale = (s: SurveyScale, value: number): boolean => isScore(s, value);

const scale = (s: SurveyScale) =>
  `${s.toUpperCase()} ${SURVEY_SCALES[s].min}–${SURVEY_SCALES[s].max}`;

/** Adds one counted row to a tally: skipped, or invited (and perhaps answered). */
function addCount(t: SurveyTally, row: CountRow): void {
  const n = Number(row.n);
  if (row.status === 'skipped') {
    t.skipped += n;
    return;
  }
  t.invited += n; // an answered survey was an invitation too
  if (row.status !== 'responded' || row.score === null) return;
  t.responded += n;
  t[row.kind] = bump(t[row.kind], Number(row.score), n);
  if (row.ces !== null) t.ces = bump(t.ces, Number(row.ces), n);
}

const bump = (counts: ScoreCounts, score: number, n: number): ScoreCounts => ({
  ...counts,
  [score]: (counts[score] ?? 0) + n,
});

/** Groups in key order; the group of no agent (or no group) last. */
function byKey(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
