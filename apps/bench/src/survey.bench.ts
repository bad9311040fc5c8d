/**
 * `pnpm bench:survey`: the survey plugin's hosted page under a fixed arrival rate, GET (a score
 * button clicked in the invitation) and POST (the answer, durable: published to JetStream and
 * acknowledged before the 303), beside a bare `node:http` server doing the same durable work per
 * request, at the same rate with the same load generator, in one run.
 *
 * Processes (the 2 CPUs of the reference machine are shared by all of them and NATS):
 * - this one orchestrates: creates an isolated stream (BENCH_<run>_SURVEY, subjects
 *   bench<run>s.casehub.>), writes the invitations into the plugin's bucket and signs their links,
 *   generates the load (open-load.ts: undici, open loop, latency from each request's due time),
 *   checks the stream, cleans up;
 * - the survey plugin (survey-plugin.ts): the built plugin in a process of its own, as
 *   `casehub start` runs it, its pages on a free port (SURVEY_PUBLIC_URL pointing there),
 *   SURVEY_DELAY_SECONDS=0, the rate limits raised above the load (they still run);
 * - the baseline (raw-survey-server.ts): node:http, one key-value get + the HMAC check + a fixed
 *   page for a GET; the same get and check + one JetStream publish (Nats-Msg-Id, ack awaited) +
 *   one key-value put + 303 for a POST. No core runs: the page needs none.
 *
 * Runs, in this order, each BENCH_SURVEY_WARMUP_SECONDS (5) + BENCH_SURVEY_SECONDS (20) at
 * BENCH_SURVEY_RATE requests/s (500): GET baseline, GET survey, POST baseline, POST survey, over
 * BENCH_SURVEY_SURVEYS invitations per server (200) in turn, BENCH_SURVEY_CONNECTIONS keep-alive
 * connections at most (64); NATS_URL.
 * Exits non-zero only when something broke (a request not answered as expected, an acknowledged
 * answer missing from the stream, a process crashed); a missed target is reported.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, relative } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { Child } from './child.js';
import { log, runBenchmark, type Broken } from './cleanup.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { sleep } from './clock.js';
import { freePort } from './free-port.js';
import { openLoad, type LoadRequest } from './open-load.js';
import { writeResults } from './report.js';
import { createEventStream, removeStreamsAtEnd } from './resources.js';
import { REPO_ROOT, runInfo } from './run-info.js';
import {
  phasePass,
  printSurveySummary,
  type PhaseOutcome,
  type RunFigures,
  type SurveyOutcome,
} from './survey-report.js';
import { SURVEY_TARGETS, surveySettings as s } from './survey-settings.js';
import {
  checkAnswers,
  getRequest,
  postRequest,
  seedSurveys,
  type SurveyLink,
} from './survey-workload.js';

const RUN = randomBytes(4).toString('hex');
const TAG = `BENCH_${RUN}`;
const STREAM = `${TAG}_SURVEY`;
const PREFIX = `bench${RUN}s.casehub`;
const SECRET = randomBytes(32).toString('hex');

type Server = 'survey' | 'baseline';

/** One server, one kind of request, at the set rate; CPU measured over the measured window. */
async function loadRun(
  server: Server,
  child: Child,
  origin: string,
  request: (i: number) => LoadRequest,
  expect: number,
  acknowledged?: Set<number>,
): Promise<RunFigures> {
  const cpu = cpuWindow({ [server]: [child.proc.pid!], bench: [process.pid] });
  let cpuOut: Promise<CpuFigures> | null = null;
  const r = await openLoad({
    origin,
    rate: s.rate,
    warmupMs: s.warmupSeconds * 1000,
    measureMs: s.seconds * 1000,
    connections: s.connections,
    expect,
    request,
    onAnswered: (i) => acknowledged?.add(i),
    onMeasureStart: () => cpu.begin(),
    onMeasureEnd: () => {
      cpuOut = cpu.end();
    },
  });
  const cpuFigures = await (cpuOut ?? cpu.end());
  const serverCpuMs = ((cpuFigures[server] ?? 0) / 100) * s.seconds * 1000;
  log(
    `${server}: ${r.answeredPerSecond.toFixed(1)} answered/s, p99 ${r.latency.p99Ms.toFixed(2)} ms` +
      (r.unexpected ? `, ${r.unexpected} not answered ${expect}` : ''),
  );
  return {
    ...r,
    cpu: cpuFigures,
    serverCpuMsPerRequest: r.answered ? serverCpuMs / r.answered : 0,
  };
}

function phase(survey: RunFigures, baseline: RunFigures): PhaseOutcome {
  return {
    survey,
    baseline,
    ratios: {
      throughput: survey.answeredPerSecond / baseline.answeredPerSecond,
      p99: survey.latency.p99Ms / baseline.latency.p99Ms,
      cpuPerRequest: survey.serverCpuMsPerRequest / baseline.serverCpuMsPerRequest,
    },
    pass: phasePass(survey),
  };
}

/** The plugin's page for the first link, checked to be the form with the clicked score chosen. */
async function samplePage(origin: string, links: SurveyLink[]): Promise<string> {
  const r = getRequest(links, 0);
  const res = await fetch(origin + r.path, { headers: r.headers });
  const html = await res.text();
  if (res.status !== 200 || !/name="score" value="1" checked/.test(html))
    throw new Error(
      `the survey page answered ${res.status} without the form: ${html.slice(0, 300)}`,
    );
  return html;
}

/** Runs the benchmark; returns what broke (nothing: exit status 0). */
async function main(): Promise<Broken> {
  const started = new Date();
  const cpus = os.cpus().length;
  log(
    `settings: ${s.rate} requests/s, ${s.warmupSeconds} s warm-up + ${s.seconds} s measured per run, ` +
      `${s.surveys} surveys per server, ${s.connections} connections at most; ${cpus} CPUs`,
  );
  removeStreamsAtEnd(TAG);
  await createEventStream(STREAM, PREFIX);
  const [surveyPort, rawPort] = [await freePort(), await freePort()];
  const surveyOrigin = `http://127.0.0.1:${surveyPort}`;
  const rawOrigin = `http://127.0.0.1:${rawPort}`;
  const nats = { NATS_URL: s.natsUrl, NATS_STREAM: STREAM, NATS_SUBJECT_PREFIX: PREFIX };
  const plugin = await Child.start('survey', 'survey-plugin.js', {
    ...nats,
    SURVEY_PUBLIC_URL: surveyOrigin,
    SURVEY_PORT: String(surveyPort),
    SURVEY_HOST: '127.0.0.1',
    SURVEY_SECRET: SECRET,
    SURVEY_DELAY_SECONDS: '0',
    // Every request of the load comes from one address, a few per second per link: raised (the
    // limiters still count every request).
    SURVEY_RATE_LIMIT_PER_TOKEN: '100000',
    SURVEY_RATE_LIMIT_PER_ADDRESS: '1000000',
  });
  const baseline = await Child.start('baseline', 'raw-survey-server.js', {
    ...nats,
    SURVEY_SECRET: SECRET,
    BENCH_RAW_PORT: String(rawPort),
  });
  log(
    `NATS stream ${STREAM} (subjects ${PREFIX}.>), survey pages at ${surveyOrigin}, baseline at ${rawOrigin}`,
  );

  const nc = await connect({ servers: s.natsUrl });
  try {
    const surveyLinks = await seedSurveys(nc, STREAM, SECRET, s.surveys);
    const rawLinks = await seedSurveys(nc, STREAM, SECRET, s.surveys);
    const html = await samplePage(surveyOrigin, surveyLinks);
    const pageBytes = await baseline.request<number>('page', { html });
    log(`${2 * s.surveys} invitations written; the page is ${pageBytes} bytes; GET runs ...`);

    const getBaseline = await loadRun(
      'baseline',
      baseline,
      rawOrigin,
      (i) => getRequest(rawLinks, i),
      200,
    );
    await sleep(1000);
    const getSurvey = await loadRun(
      'survey',
      plugin,
      surveyOrigin,
      (i) => getRequest(surveyLinks, i),
      200,
    );
    await sleep(1000);
    log('POST runs ...');
    const acknowledged = { survey: new Set<number>(), baseline: new Set<number>() };
    const postBaseline = await loadRun(
      'baseline',
      baseline,
      rawOrigin,
      (i) => postRequest(rawLinks, i, 'baseline'),
      303,
      acknowledged.baseline,
    );
    await sleep(1000);
    const postSurvey = await loadRun(
      'survey',
      plugin,
      surveyOrigin,
      (i) => postRequest(surveyLinks, i, 'survey'),
      303,
      acknowledged.survey,
    );
    log('reading the answers back from the stream ...');
    const durability = await checkAnswers(nc, STREAM, PREFIX, acknowledged);
    await plugin.stop();
    await baseline.stop();

    const outcome: SurveyOutcome = {
      get: phase(getSurvey, getBaseline),
      post: phase(postSurvey, postBaseline),
      durability: { survey: durability.survey, baseline: durability.baseline },
      pageBytes,
    };
    printSurveySummary(started, outcome, cpus);
    const file = await writeResults(
      join(REPO_ROOT, 'bench/results'),
      started,
      {
        ...runInfo('survey', started),
        settings: s,
        targets: SURVEY_TARGETS,
        ...outcome,
        pass: { get: outcome.get.pass, post: outcome.post.pass },
      },
      'survey',
    );
    console.log(`results: ${relative(REPO_ROOT, file)} (and bench/results/survey-latest.json)`);

    const runs = { getBaseline, getSurvey, postBaseline, postSurvey };
    return [
      ...Object.entries(runs).map(
        ([name, r]) =>
          (r.unexpected > 0 || r.warmup.unexpected > 0) &&
          `${name}: ${r.unexpected + r.warmup.unexpected} requests not answered as expected`,
      ),
      ...Object.entries(durability).map(
        ([name, d]) =>
          d.missing > 0 && `${name}: ${d.missing} acknowledged answers not in the stream`,
      ),
    ];
  } finally {
    await nc.close();
  }
}

await runBenchmark(main);
