/**
 * Child process: the baseline of `pnpm bench:survey`. A bare `node:http` server (no Nest, no
 * Fastify, no Handlebars, no rate limiting, no language negotiation) doing the durable work the
 * survey page does per request, on the same bucket and stream:
 * - GET `/s/<token>`: one key-value get of the survey, the token's HMAC checked against it (the
 *   plugin's own functions), the expiry checked, then a fixed HTML page (the bytes of a page the
 *   plugin rendered, given by the orchestrator: same size on the wire);
 * - POST `/s/<token>`: the form read, the same get and check, one JetStream publish of the answer
 *   as an `inbound.survey_response` CloudEvent (built by hand, no schema parse) with a Nats-Msg-Id,
 *   its ack awaited, then one key-value put of the survey with the answer, then 303.
 *
 * Requests: `page` {html} (what GET serves), `stop`.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { subjectOf, typeOf } from '@casehub/domain';
import type { SurveyRecord } from '@casehub/plugin-survey/dist/state/survey-state.js';
import { parseSurveyToken, tokenMatches } from '@casehub/plugin-survey/dist/state/survey-token.js';
import { serve } from './ipc.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const secret = env('SURVEY_SECRET');
const stream = env('NATS_STREAM');
const subject = subjectOf('inbound.survey_response', env('NATS_SUBJECT_PREFIX'));
const type = typeOf('inbound.survey_response');

// As the plugin's own connection is made (no stack trace captured per request).
const nc = await connect({ servers: env('NATS_URL'), noAsyncTraces: true });
const js = jetstream(nc);
const kv = await new Kvm(nc).create(`casehub_survey_${stream}`, { history: 1 });
let page = Buffer.from('<!doctype html><title>Survey</title>');

const HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

async function survey(token: string): Promise<SurveyRecord | null> {
  const parts = parseSurveyToken(token);
  if (!parts) return null;
  const e = await kv.get(`survey.${parts.id}`);
  if (!e || e.operation !== 'PUT') return null;
  const record = e.json<SurveyRecord>();
  if (!tokenMatches(secret, token, record) || Date.now() >= record.expires * 1000) return null;
  return record;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res(Buffer.concat(chunks).toString('utf8')));
    req.on('error', rej);
  });
}

async function answer(token: string, record: SurveyRecord, body: string): Promise<string> {
  const form = new URLSearchParams(body);
  const ces = form.get('ces');
  const answer = {
    score: Number(form.get('score')),
    ces: ces ? Number(ces) : null,
    comment: form.get('comment') || null,
    revision: (record.answer?.revision ?? 0) + 1,
    answeredAt: new Date().toISOString(),
  };
  const id = randomUUID();
  const event = {
    specversion: '1.0',
    id,
    source: '/plugins/survey-baseline',
    type,
    time: answer.answeredAt,
    subject: record.caseId,
    datacontenttype: 'application/json',
    data: { ...answer, plugin: 'survey-baseline', surveyId: record.id, caseId: record.caseId },
  };
  await js.publish(subject, JSON.stringify(event), { msgID: id, timeout: 5_000 });
  await kv.put(`survey.${record.id}`, JSON.stringify({ ...record, answer }));
  return `/s/${token}/thanks?lang=${record.locale}`;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const m = /^\/s\/([^/?]+)(?:\?|$)/.exec(req.url ?? '');
  const body = req.method === 'POST' ? await readBody(req) : '';
  const record = m ? await survey(m[1]) : null;
  if (!m || !record || (req.method !== 'GET' && req.method !== 'POST')) {
    res.writeHead(404, HEADERS).end();
    return;
  }
  if (req.method === 'GET') {
    res.writeHead(200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(page);
    return;
  }
  const location = await answer(m[1], record, body);
  res.writeHead(303, { ...HEADERS, location }).end();
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    if (!res.headersSent) res.writeHead(500).end((err as Error).message);
  });
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((r) => server.listen(Number(env('BENCH_RAW_PORT')), '127.0.0.1', r));

serve({
  page: ({ html }: { html: string }) => {
    page = Buffer.from(html);
    return page.length;
  },
  stop: async () => {
    const closed = new Promise((r) => server.close(r));
    server.closeAllConnections();
    await closed;
    await nc.close();
    setTimeout(() => process.exit(0), 10);
  },
});
