import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import {
  buildEvent,
  subjectOf,
  type CloudEvent,
  type EventMapV1,
  type InboundSurveyDecision,
  type InboundSurveyResponse,
  type SurveyLinks,
} from '@casehub/domain';
import { DeadLetters, InboundPublisher } from '@casehub/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './support/databases.js';
import { startCore, type TestCore } from './support/core.js';
import { eventually, readStream } from './support/nats.js';
import { SurveyEntity } from '../src/surveys/survey.entity.js';

type SurveyEvent = 'inbound.survey_decision' | 'inbound.survey_response';

/** Surveys as the survey plugin drives them: decisions and answers on JetStream, results in the API. */
describe.each(DATABASES)('surveys from the survey plugin on %s', (db) => {
  let core: TestCore;
  let nc: NatsConnection;
  let ada: { id: string };
  let bo: { id: string };
  let billing: { id: string };
  const keys = { agent: '', supervisor: '' };

  beforeAll(async () => {
    core = await startCore(db);
    nc = await connect({ servers: core.env.NATS_URL });
    ada = (await core.call('POST', '/v1/agents', { name: 'Ada', email: `ada-${db}@support.test` }))
      .body;
    bo = (await core.call('POST', '/v1/agents', { name: 'Bo', email: `bo-${db}@support.test` }))
      .body;
    const sue = (
      await core.call('POST', '/v1/agents', {
        name: 'Sue',
        email: `sue-${db}@support.test`,
        role: 'supervisor',
      })
    ).body;
    billing = (await core.call('POST', '/v1/groups', { name: 'Billing' })).body;
    keys.agent = (
      await core.call('POST', '/v1/api-keys', { name: 'ada', role: 'agent', agentId: ada.id })
    ).body.key;
    keys.supervisor = (
      await core.call('POST', '/v1/api-keys', {
        name: 'sue',
        role: 'supervisor',
        agentId: sue.id,
      })
    ).body.key;
  });
  afterAll(async () => {
    await nc?.close();
    await core?.close();
  });

  const prefix = () => core.env.NATS_SUBJECT_PREFIX;

  /** Publishes as the survey plugin would, each time with a new event id (JetStream keeps both). */
  async function publish<N extends SurveyEvent>(name: N, data: EventMapV1[N]): Promise<string> {
    const id = randomUUID();
    const event = buildEvent(name, data, {
      id,
      source: '/plugins/survey',
      time: new Date(),
      subject: data.caseId,
    });
    await jetstream(nc).publish(subjectOf(name, prefix()), JSON.stringify(event), { msgID: id });
    return id;
  }

  const links = (surveyId: string): SurveyLinks => ({
    page: `https://survey.example/s/${surveyId}`,
    scores: [1, 2, 3, 4, 5].map((score) => ({
      score,
      url: `https://survey.example/s/${surveyId}?score=${score}`,
    })),
    unsubscribe: `https://survey.example/u/${surveyId}`,
  });

  function decision(
    c: { id: string; contact?: { id: string } | null },
    over: Partial<InboundSurveyDecision> = {},
  ): InboundSurveyDecision {
    const surveyId = over.surveyId ?? `sv_${randomUUID()}`;
    return {
      plugin: 'survey',
      surveyId,
      caseId: c.id,
      contactId: c.contact?.id ?? null,
      decision: 'invite',
      reason: null,
      kind: 'csat',
      channel: 'email',
      locale: 'en',
      askCes: true,
      decidedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      links: over.decision === 'skip' ? null : links(surveyId),
      ...over,
    };
  }

  const answer = (
    d: InboundSurveyDecision,
    over: Partial<InboundSurveyResponse> = {},
  ): InboundSurveyResponse => ({
    plugin: 'survey',
    surveyId: d.surveyId,
    caseId: d.caseId,
    score: 5,
    ces: null,
    comment: null,
    revision: 1,
    answeredAt: new Date().toISOString(),
    ...over,
  });

  async function openCase(body: object = {}, key?: string) {
    const res = await core.call(
      'POST',
      '/v1/cases',
      {
        subject: 'Charged twice',
        channel: 'email',
        contact: { email: 'ann@example.com' },
        ...body,
      },
      key,
    );
    expect(res.status).toBe(201);
    return res.body as { id: string; contact: { id: string } | null };
  }
  const resolve = (id: string) =>
    core.call('POST', `/v1/cases/${id}/transitions`, { to: 'resolved' });
  const surveysOf = async (caseId: string) => {
    const res = await core.call('GET', `/v1/cases/${caseId}/surveys`);
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  /** Emitted events of one type about one survey, in stream order. */
  const emitted = async (type: string, surveyId: string) =>
    (await readStream(core.env.NATS_URL, core.env.NATS_STREAM)).filter(
      (e): e is CloudEvent<'survey.responded'> =>
        e.type === `casehub.${type}.v1` && (e.data as any).survey?.id === surveyId,
    );

  it('records an invitation against the case’s agent and group, and emits survey.invited with its links', async () => {
    // Ada took the contact (owner); Bo works the case in Billing: the survey is about Bo's work.
    const c = await openCase({ assigneeId: bo.id, groupId: billing.id }, keys.agent);
    await resolve(c.id);
    const d = decision(c, { kind: 'nps', locale: 'de' });
    const publisher = new InboundPublisher(nc, { plugin: 'survey', subjectPrefix: prefix() });
    const { plugin: _plugin, ...input } = d;
    await publisher.surveyDecision(input);

    const [s] = await eventually(async () => {
      const found = await surveysOf(c.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(s).toEqual({
      id: d.surveyId,
      caseId: c.id,
      contactId: c.contact!.id,
      kind: 'nps',
      channel: 'email',
      status: 'invited',
      skipReason: null,
      agentId: bo.id,
      groupId: billing.id,
      locale: 'de',
      askCes: true,
      decidedAt: d.decidedAt,
      expiresAt: d.expiresAt,
      answer: null,
    });
    const [event] = await eventually(async () => {
      const found = await emitted('survey.invited', d.surveyId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event.subject).toBe(c.id);
    expect(event.data).toMatchObject({
      survey: s,
      links: d.links,
      actor: { type: 'plugin', id: 'survey' },
      case: { id: c.id, status: 'resolved', assigneeId: bo.id },
    });
    // Agents see the invitation on the timeline, not the customer's links (they answer as the customer).
    const timeline = (await core.call('GET', `/v1/cases/${c.id}/timeline`)).body as {
      items: { type: string; detail: Record<string, unknown> }[];
    };
    const invited = timeline.items.find((i) => i.type === 'casehub.survey.invited.v1');
    expect(invited?.detail.survey).toMatchObject({ id: d.surveyId });
    expect(invited?.detail).not.toHaveProperty('links');
    expect(JSON.stringify(timeline)).not.toContain(d.links!.page);
    // Reassigning later does not move the survey to another agent.
    await core.call('POST', `/v1/cases/${c.id}/assign`, { assigneeId: ada.id });
    expect((await surveysOf(c.id))[0].agentId).toBe(bo.id);
  });

  it('records a skip with its reason, emits survey.skipped, and credits the owner of an unassigned case', async () => {
    const c = await openCase({}, keys.agent); // Ada owns and works it
    await core.call('POST', `/v1/cases/${c.id}/assign`, { assigneeId: null, groupId: billing.id });
    await resolve(c.id);
    const d = decision(c, { decision: 'skip', reason: 'throttled' });
    await publish('inbound.survey_decision', d);

    const [s] = await eventually(async () => {
      const found = await surveysOf(c.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(s).toMatchObject({
      status: 'skipped',
      skipReason: 'throttled',
      agentId: ada.id,
      groupId: billing.id,
      answer: null,
    });
    const [event] = await eventually(async () => {
      const found = await emitted('survey.skipped', d.surveyId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(event.data).toMatchObject({ survey: s, actor: { type: 'plugin', id: 'survey' } });
    expect(await emitted('survey.invited', d.surveyId)).toHaveLength(0);
  });

  it('keeps one record and one event when a decision arrives twice', async () => {
    const c = await openCase();
    const d = decision(c);
    await publish('inbound.survey_decision', d);
    await publish('inbound.survey_decision', d); // published again: another event id
    // Events of a case are taken in order: once this one is in, both copies were handled.
    const after = decision(c, { decision: 'skip', reason: 'already_surveyed' });
    await publish('inbound.survey_decision', after);
    await eventually(async () => expect(await surveysOf(c.id)).toHaveLength(2));
    await eventually(async () =>
      expect(await emitted('survey.skipped', after.surveyId)).toHaveLength(1),
    );
    expect((await surveysOf(c.id)).filter((s) => s.id === d.surveyId)).toHaveLength(1);
    expect(await emitted('survey.invited', d.surveyId)).toHaveLength(1);
  });

  it('keeps the latest revision of an answer: revisions 1, 2, then a late 1', async () => {
    const c = await openCase();
    const d = decision(c);
    await publish('inbound.survey_decision', d);
    const first = answer(d, { score: 2, ces: 3, revision: 1, answeredAt: '2026-11-20T10:00:00Z' });
    const second = answer(d, {
      score: 5,
      ces: 6,
      comment: 'Sorted in the end, thanks',
      revision: 2,
      answeredAt: '2026-11-20T10:05:00Z',
    });
    await publish('inbound.survey_response', first);
    await publish('inbound.survey_response', second);
    await publish('inbound.survey_response', { ...first, score: 1 }); // late: changes nothing
    const after = decision(c, { decision: 'skip', reason: 'already_surveyed' });
    await publish('inbound.survey_decision', after);
    await eventually(async () => expect(await surveysOf(c.id)).toHaveLength(2));

    const s = (await surveysOf(c.id)).find((x) => x.id === d.surveyId);
    expect(s.status).toBe('responded');
    expect(s.answer).toEqual({
      score: 5,
      ces: 6,
      comment: 'Sorted in the end, thanks',
      revision: 2,
      answeredAt: '2026-11-20T10:05:00.000Z',
    });
    const row = await core.app
      .get(DataSource)
      .getRepository(SurveyEntity)
      .findOneByOrFail({ id: d.surveyId });
    expect(row.firstAnsweredAt?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(row.answeredAt?.toISOString()).toBe('2026-11-20T10:05:00.000Z');

    await eventually(async () =>
      expect(await emitted('survey.skipped', after.surveyId)).toHaveLength(1),
    );
    const responded = await emitted('survey.responded', d.surveyId);
    expect(responded.map((e) => [e.data.firstAnswer, e.data.survey.answer?.revision])).toEqual([
      [true, 1],
      [false, 2],
    ]);
    expect(responded[1].data.survey.answer?.score).toBe(5);
  });

  it('dead-letters survey events that can never apply, and stores none of them', async () => {
    const c = await openCase();
    const invited = decision(c, { decidedAt: '2026-11-20T10:00:00Z' });
    const skipped = decision(c, {
      decision: 'skip',
      reason: 'not_sampled',
      decidedAt: '2026-11-20T11:00:00Z',
    });
    const other = await openCase();
    await publish('inbound.survey_decision', invited);
    await publish('inbound.survey_decision', skipped);
    // An answer naming another case is taken in that case's order: have the survey there first.
    await eventually(async () => expect(await surveysOf(c.id)).toHaveLength(2));
    const bad = {
      unknownSurvey: await publish(
        'inbound.survey_response',
        answer(invited, { surveyId: 'sv_nobody' }),
      ),
      skippedSurvey: await publish('inbound.survey_response', answer(skipped)),
      wrongCase: await publish('inbound.survey_response', answer(invited, { caseId: other.id })),
      offScale: await publish('inbound.survey_response', answer(invited, { score: 0 })), // CSAT 1–5
      unknownCase: await publish('inbound.survey_decision', decision({ id: randomUUID() })),
    };
    const letters = await eventually(async () => {
      const all = await new DeadLetters(nc, core.env.NATS_STREAM, prefix()).list('casehub-core');
      const mine = Object.fromEntries(all.map((l) => [l.eventId, l]));
      for (const id of Object.values(bad)) expect(mine[id]).toBeDefined();
      return mine;
    }, 30_000);
    expect(letters[bad.unknownSurvey].error).toContain('no survey sv_nobody');
    expect(letters[bad.skippedSurvey].error).toContain('was skipped (not_sampled)');
    expect(letters[bad.wrongCase].error).toContain(`not ${other.id}`);
    expect(letters[bad.offScale].error).toContain('score 0 is not on the CSAT 1–5 scale');
    expect(letters[bad.unknownCase].error).toContain('no case');
    for (const l of Object.values(bad).map((id) => letters[id])) expect(l.attempts).toBe(1);

    const stored = await surveysOf(c.id);
    expect(stored.map((s) => [s.id, s.status, s.answer])).toEqual([
      [invited.surveyId, 'invited', null],
      [skipped.surveyId, 'skipped', null],
    ]);
    expect(await surveysOf(other.id)).toEqual([]);
    expect(await emitted('survey.responded', invited.surveyId)).toHaveLength(0);
  });

  it('answers 404 for the surveys of a case that does not exist', async () => {
    const res = await core.call('GET', `/v1/cases/${randomUUID()}/surveys`);
    expect(res.status).toBe(404);
  });

  describe('survey metrics', () => {
    const FROM = '2025-03-01T00:00:00Z';
    const TO = '2025-03-03T00:00:00Z';
    const DAY1 = '2025-03-01';
    const DAY2 = '2025-03-02';
    const metrics = (query: string, key = keys.supervisor) =>
      core.call('GET', `/v1/metrics/surveys${query}`, undefined, key);

    beforeAll(async () => {
      // A hand-built period: who worked each case, on which channel, when it was decided and
      // what the customer answered (null: no answer).
      const set: {
        agent: 'ada' | 'bo' | null;
        channel: 'email' | 'sms';
        kind: 'csat' | 'nps';
        decidedAt: string;
        score?: number;
        ces?: number | null;
        skip?: boolean;
        answeredAt?: string;
      }[] = [
        // the first instant of the period counts
        { agent: 'ada', channel: 'email', kind: 'csat', decidedAt: FROM, score: 5, ces: 7 },
        // answered after the period: counts in its invitation's period (the cohort)
        {
          agent: 'ada',
          channel: 'email',
          kind: 'csat',
          decidedAt: `${DAY1}T10:00:00Z`,
          score: 4,
          ces: 5,
          answeredAt: '2025-03-05T08:00:00Z',
        },
        {
          agent: 'ada',
          channel: 'email',
          kind: 'csat',
          decidedAt: `${DAY2}T09:00:00Z`,
          score: 2,
          ces: 2,
        },
        // late on day 1 in UTC
        { agent: 'bo', channel: 'sms', kind: 'nps', decidedAt: `${DAY1}T23:30:00Z`, score: 10 },
        {
          agent: 'bo',
          channel: 'sms',
          kind: 'nps',
          decidedAt: `${DAY2}T09:00:00Z`,
          score: 9,
          ces: 4,
        },
        { agent: 'bo', channel: 'sms', kind: 'nps', decidedAt: `${DAY2}T10:00:00Z`, score: 3 },
        { agent: 'bo', channel: 'sms', kind: 'nps', decidedAt: `${DAY2}T11:00:00Z`, score: 8 },
        { agent: 'bo', channel: 'email', kind: 'nps', decidedAt: `${DAY2}T12:00:00Z` },
        {
          agent: 'ada',
          channel: 'email',
          kind: 'csat',
          decidedAt: `${DAY1}T12:00:00Z`,
          skip: true,
        },
        // a case nobody took
        { agent: null, channel: 'email', kind: 'csat', decidedAt: `${DAY1}T13:00:00Z`, score: 3 },
        // outside the period: at its end (excluded) and just before its start
        { agent: 'ada', channel: 'email', kind: 'csat', decidedAt: TO, score: 1, ces: 1 },
        {
          agent: 'ada',
          channel: 'email',
          kind: 'csat',
          decidedAt: '2025-02-28T23:59:59Z',
          score: 1,
        },
      ];
      const agents = { ada, bo };
      const answered: string[] = [];
      for (const s of set) {
        const c = await openCase({
          channel: s.channel,
          contact: s.channel === 'sms' ? { phone: '+4915112345678' } : { email: 'ann@example.com' },
          ...(s.agent ? { assigneeId: agents[s.agent].id } : {}),
        });
        const d = decision(c, {
          kind: s.kind,
          channel: s.channel,
          decidedAt: s.decidedAt,
          ...(s.skip ? { decision: 'skip', reason: 'throttled', links: null } : {}),
        });
        await publish('inbound.survey_decision', d);
        if (s.score === undefined) continue;
        await publish(
          'inbound.survey_response',
          answer(d, {
            score: s.score,
            ces: s.ces ?? null,
            ...(s.answeredAt ? { answeredAt: s.answeredAt } : {}),
          }),
        );
        answered.push(c.id);
      }
      await eventually(async () => {
        for (const id of answered) expect((await surveysOf(id))[0]?.answer).not.toBeNull();
      }, 30_000);
    });

    const none = { responses: 0, score: null };
    const noNps = { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null };
    const noCes = { responses: 0, mean: null, agreePct: null };

    it('computes CSAT, NPS, CES and response rate of the surveys decided in [from, to)', async () => {
      const res = await metrics(`?from=${FROM}&to=${TO}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        from: '2025-03-01T00:00:00.000Z',
        to: '2025-03-03T00:00:00.000Z',
        groupBy: null,
        total: {
          invited: 9,
          skipped: 1,
          responded: 8,
          responseRate: 88.89, // 8 of 9
          csat: { responses: 4, score: 50 }, // 5, 4 | 2, 3
          // 10, 9 | 8 | 3: 50 % promoters − 25 % detractors
          nps: { responses: 4, promoters: 2, passives: 1, detractors: 1, score: 25 },
          ces: { responses: 4, mean: 4.5, agreePct: 50 }, // 7, 5, 2, 4
        },
      });
    });

    it('breaks the figures down by agent, the case nobody took last', async () => {
      const res = await metrics(`?from=${FROM}&to=${TO}&groupBy=agent`);
      expect(res.status).toBe(200);
      expect(res.body.total.invited).toBe(9);
      const groups = res.body.groups as any[];
      expect(groups.map((g) => g.key).at(-1)).toBeNull();
      expect(Object.fromEntries(groups.map(({ key, ...g }) => [key, g]))).toEqual({
        [ada.id]: {
          invited: 3,
          skipped: 1,
          responded: 3,
          responseRate: 100,
          csat: { responses: 3, score: 66.67 }, // 5, 4 | 2
          nps: noNps,
          ces: { responses: 3, mean: 4.67, agreePct: 66.67 }, // 7, 5, 2
        },
        [bo.id]: {
          invited: 5,
          skipped: 0,
          responded: 4,
          responseRate: 80,
          csat: none,
          nps: { responses: 4, promoters: 2, passives: 1, detractors: 1, score: 25 },
          ces: { responses: 1, mean: 4, agreePct: 0 },
        },
        null: {
          invited: 1,
          skipped: 0,
          responded: 1,
          responseRate: 100,
          csat: { responses: 1, score: 0 }, // a 3 is not satisfied
          nps: noNps,
          ces: noCes,
        },
      });
    });

    it('breaks the figures down by UTC day and by channel', async () => {
      const byDay = await metrics(`?from=${FROM}&to=${TO}&groupBy=day`);
      expect(byDay.status).toBe(200);
      expect(byDay.body.groups).toEqual([
        {
          key: DAY1,
          invited: 4,
          skipped: 1,
          responded: 4,
          responseRate: 100,
          csat: { responses: 3, score: 66.67 }, // 5, 4, 3
          nps: { responses: 1, promoters: 1, passives: 0, detractors: 0, score: 100 },
          ces: { responses: 2, mean: 6, agreePct: 100 }, // 7, 5
        },
        {
          key: DAY2,
          invited: 5,
          skipped: 0,
          responded: 4,
          responseRate: 80,
          csat: { responses: 1, score: 0 },
          nps: { responses: 3, promoters: 1, passives: 1, detractors: 1, score: 0 }, // 9, 8, 3
          ces: { responses: 2, mean: 3, agreePct: 0 }, // 2, 4
        },
      ]);
      const byChannel = await metrics(`?from=${FROM}&to=${TO}&groupBy=channel`);
      expect(
        byChannel.body.groups.map((g: any) => [g.key, g.invited, g.skipped, g.responded]),
      ).toEqual([
        ['email', 5, 1, 4],
        ['sms', 4, 0, 4],
      ]);
    });

    it('takes bare dates as UTC days', async () => {
      const res = await metrics(`?from=${DAY2}&to=2025-03-03`);
      expect(res.body.total).toMatchObject({ invited: 5, responded: 4 });
    });

    it('answers a 400 problem naming the parameter at fault', async () => {
      for (const [query, pointer] of [
        [`?groupBy=team`, '#/groupBy'],
        [`?from=${TO}&to=${FROM}`, '#/from'],
        [`?from=last-week`, '#/from'],
        [`?to=2025-13-01`, '#/to'],
        [`?from=${FROM}&colour=red`, '#/colour'],
      ]) {
        const res = await metrics(query);
        expect(res.status, query).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.type).toBe('https://casehub.dev/problems/validation-error');
        expect(res.body.errors.map((e: any) => e.pointer)).toEqual([pointer]);
      }
      const res = await metrics('?groupBy=team');
      expect(res.body.detail).toContain('groupBy');
    });

    it('is for supervisors: an agent key gets 403', async () => {
      const res = await metrics(`?from=${FROM}&to=${TO}`, keys.agent);
      expect(res.status).toBe(403);
      expect(res.body.requiredRoles).toEqual(['supervisor']);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = (await core.call('GET', '/openapi.json', undefined, null)).body;
      const op = doc.paths['/v1/metrics/surveys'].get;
      expect(op.parameters.map((p: any) => p.name).sort()).toEqual(['from', 'groupBy', 'to']);
      expect(doc.paths['/v1/cases/{id}/surveys'].get).toBeDefined();
    });
  });
});
