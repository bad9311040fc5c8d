/**
 * What `pnpm bench:survey` asks of the pages: survey invitations written where the plugin keeps
 * them (the `casehub_survey_<stream>` bucket, `survey.<id>`, as SurveySender writes them) with
 * their signed links, the GET and POST requests spread over them, and the check afterwards that
 * every answer acknowledged with a 303 is in the stream.
 */
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { subjectOf, type InboundSurveyResponse } from '@casehub/domain';
import type { SurveyRecord } from '@casehub/plugin-survey/dist/state/survey-state.js';
import { signSurveyToken } from '@casehub/plugin-survey/dist/state/survey-token.js';
import type { LoadRequest } from './open-load.js';

export interface SurveyLink {
  token: string;
  record: SurveyRecord;
}

const LOCALES = ['en', 'en', 'de', 'fr', 'es'];
const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-GB,en;q=0.7,de;q=0.3',
};
const COMMENTS = [
  'Quick and friendly, the replacement arrived two days later.',
  'Took three emails before anyone read the order number I gave in the first one.',
  'Fine.',
  'The agent explained the warranty clearly and the refund showed up the same week. Thank you!',
];

/** Writes `count` open CSAT invitations (CES asked, as the plugin's defaults) and signs their links. */
export async function seedSurveys(
  nc: NatsConnection,
  stream: string,
  secret: string,
  count: number,
): Promise<SurveyLink[]> {
  // As SurveyState.open creates it; the plugin has created it already.
  const kv = await new Kvm(nc).create(`casehub_survey_${stream}`, { history: 1 });
  const expires = Math.floor(Date.now() / 1000) + 14 * 86_400;
  const links = Array.from({ length: count }, (_, i): SurveyLink => {
    const record: SurveyRecord = {
      id: randomUUID(),
      caseId: randomUUID(),
      caseNumber: 10_000 + i,
      contactId: randomUUID(),
      kind: 'csat',
      askCes: true,
      channel: 'email',
      locale: LOCALES[i % LOCALES.length],
      expires,
      answer: null,
    };
    return { record, token: signSurveyToken(secret, record) };
  });
  await Promise.all(links.map((l) => kv.put(`survey.${l.record.id}`, JSON.stringify(l.record))));
  return links;
}

/** The i-th GET: a score button of the invitation mail clicked (the page shows it chosen). */
export function getRequest(links: SurveyLink[], i: number): LoadRequest {
  const { token, record } = links[i % links.length];
  const score = 1 + (Math.floor(i / links.length) % 5);
  return {
    method: 'GET',
    path: `/s/${token}?score=${score}&lang=${record.locale}`,
    headers: BROWSER,
  };
}

/** The tag an answer's comment starts with, to find it in the stream afterwards. */
export const answerTag = (run: string, i: number) => `${run} #${i}:`;

/** The i-th POST: the page's form sent, score, CES and a comment that names the request. */
export function postRequest(links: SurveyLink[], i: number, run: string): LoadRequest {
  const { token, record } = links[i % links.length];
  const round = Math.floor(i / links.length);
  const body = new URLSearchParams({
    score: String(1 + (round % 5)),
    ces: String(1 + (round % 7)),
    comment: `${answerTag(run, i)} ${COMMENTS[i % COMMENTS.length]}`,
  }).toString();
  return {
    method: 'POST',
    path: `/s/${token}?lang=${record.locale}`,
    headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  };
}

export interface DurabilityCheck {
  /** Answers acknowledged with a 303 (warm-up included). */
  acknowledged: number;
  /** inbound.survey_response events of the run in the stream. */
  events: number;
  /** Acknowledged answers whose event is not in the stream. */
  missing: number;
  /** Events of answers that were not acknowledged, or of one answer more than once. */
  extra: number;
}

/**
 * Reads every `inbound.survey_response` in the stream (an ordered consumer) and checks, per run,
 * that each acknowledged answer is there: the comment names its request.
 */
export async function checkAnswers(
  nc: NatsConnection,
  stream: string,
  prefix: string,
  acknowledged: Record<string, Set<number>>,
): Promise<Record<string, DurabilityCheck>> {
  const subject = subjectOf('inbound.survey_response', prefix);
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(stream, { subjects_filter: subject });
  const n = state.subjects?.[subject] ?? 0;
  const seen = new Map<string, number>();
  if (n > 0) {
    const consumer = await jetstream(nc).consumers.get(stream, {
      filter_subjects: subject,
      deliver_policy: DeliverPolicy.All,
    });
    const messages = await consumer.consume();
    const timer = setTimeout(() => messages.stop(), 60_000);
    let read = 0;
    for await (const m of messages) {
      const tag = /^(\S+ #\d+:)/.exec(m.json<{ data: InboundSurveyResponse }>().data.comment ?? '');
      if (tag) seen.set(tag[1], (seen.get(tag[1]) ?? 0) + 1);
      if (++read >= n) break;
    }
    clearTimeout(timer);
  }
  const out: Record<string, DurabilityCheck> = {};
  for (const [run, acked] of Object.entries(acknowledged)) {
    let events = 0;
    for (const [tag, count] of seen) if (tag.startsWith(`${run} #`)) events += count;
    let missing = 0;
    for (const i of acked) if (!seen.has(answerTag(run, i))) missing++;
    out[run] = {
      acknowledged: acked.size,
      events,
      missing,
      extra: events - (acked.size - missing),
    };
  }
  return out;
}
