/**
 * `pnpm bench:intake`: case intake over HTTP (POST /v1/cases) by the hub as a user runs it —
 * `casehub start` with the core's default logging — against the raw rate of the same writes
 * (case row + outbox row) through `pg` directly, on the same database in the same run.
 *
 * Runs, each with BENCH_CONCURRENCY (16) keep-alive clients, BENCH_WARMUP_SECONDS (2) of warm-up
 * and BENCH_SECONDS (10) measured: intake without a contact (the baseline's writes exactly);
 * with a new contact per case; with one contact opening every case (a regular customer: it
 * must not serialise intakes); then the raw baseline. Settings also: BENCH_PG_URL (a database
 * to run CREATE DATABASE from), NATS_URL, BENCH_CHILD_NODE_ARGS (Node.js flags for the hub, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`). Exits non-zero only when something broke.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { log, runBenchmark, type Broken } from './cleanup.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { startHub, type Hub } from './hub.js';
import { eventTemplate, rawIntake } from './intake-raw.js';
import { printIntake, type IntakeRun } from './intake-report.js';
import { runLoad, type OpResult } from './load.js';
import { writeResults } from './report.js';
import { createDatabase, removeStreamsAtEnd, streamInfo } from './resources.js';
import { REPO_ROOT, runInfo } from './run-info.js';
import { RssSampler } from './rss.js';
import { settings as shared } from './settings.js';
import { intakeSettings, TARGETS } from './intake-settings.js';

const settings = intakeSettings;

const RUN = randomBytes(4).toString('hex');
const PREFIX = `bench${RUN}.casehub`;
const ADMIN_KEY = `bench-admin-key-${randomBytes(16).toString('hex')}`;
const DESCRIPTION =
  'Hello, the parcel for my order arrived yesterday but the box was crushed and the blender inside ' +
  'has a cracked jug. I attached photos of the packaging and the damage. Could you send a replacement ' +
  'jug or the whole unit? I would rather not wait for a refund. The order was paid by card. Thanks, a customer.';

type Kind = 'plain' | 'new-contact' | 'same-contact';

function caseBody(kind: Kind, worker: number, seq: number): string {
  const subject = `Order #${40000 + seq} arrived damaged (${worker}/${seq})`;
  const base = { subject, description: DESCRIPTION, channel: 'email', priority: 'normal' };
  if (kind === 'plain') return JSON.stringify(base);
  const email =
    kind === 'new-contact' ? `c-${RUN}-${worker}-${seq}@example.com` : `regular-${RUN}@example.com`;
  return JSON.stringify({ ...base, tags: ['damaged'], contact: { name: 'A Customer', email } });
}

/** POST /v1/cases on a keep-alive socket: the leanest client Node.js has. */
function postCase(agent: http.Agent, port: number, body: string): Promise<OpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/cases',
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve(
            res.statusCode === 201
              ? { ok: true }
              : {
                  ok: false,
                  kind: `HTTP ${res.statusCode}`,
                  sample: Buffer.concat(chunks).toString(),
                },
          ),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
    req.end(body);
  });
}

/** One measured run: closed-loop load with CPU and memory watched over the measured window. */
async function measure(
  name: string,
  databaseUrl: string,
  hub: Hub,
  rss: RssSampler,
  op: (worker: number, seq: number) => Promise<OpResult>,
): Promise<IntakeRun> {
  const cpu = cpuWindow(
    { core: [hub.corePid], cli: [hub.cliPid], client: [process.pid] },
    databaseUrl,
  );
  let figures: Promise<CpuFigures> = Promise.resolve({ machineBusyPct: 0 } as CpuFigures);
  rss.phase = `${name}-warmup`;
  log(`${name}: ${settings.warmupSeconds} s warm-up, ${settings.seconds} s measured ...`);
  const result = await runLoad({
    concurrency: settings.concurrency,
    warmupMs: settings.warmupSeconds * 1000,
    measureMs: settings.seconds * 1000,
    op,
    shouldStop: () => hub.crash() !== null,
    onMeasureStart: () => {
      rss.phase = name;
      cpu.begin();
    },
    onMeasureEnd: () => {
      rss.phase = `${name}-tail`;
      figures = cpu.end();
    },
  });
  const crash = hub.crash();
  if (crash) throw new Error(`${crash} during the ${name} run`);
  return { name, result, cpu: await figures, rss: rss.stats(name) };
}

/** Waits for the relay to publish everything written so far; seconds it took, null: timed out. */
async function drain(db: pg.Pool, timeoutMs = 120_000): Promise<number | null> {
  const t0 = Date.now();
  const pending = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL`,
        )
      ).rows[0].n,
    );
  while ((await pending()) > 0) {
    if (Date.now() - t0 > timeoutMs) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (Date.now() - t0) / 1000;
}

async function main(): Promise<Broken> {
  const started = new Date();
  log(
    `${settings.concurrency} clients, ${os.cpus().length} CPUs; hub via casehub start, default logging`,
  );
  const databaseUrl = await createDatabase(`casehub_bench_${RUN}`);
  removeStreamsAtEnd(RUN);
  const hub = await startHub(
    {
      DATABASE_URL: databaseUrl,
      NATS_URL: shared.natsUrl,
      NATS_STREAM: `BENCH_${RUN}`,
      NATS_SUBJECT_PREFIX: PREFIX,
      CASEHUB_ADMIN_KEY: ADMIN_KEY,
    },
    [],
    settings.childNodeArgs,
  );
  log(`hub ready: casehub start pid ${hub.cliPid}, core pid ${hub.corePid}, log ${hub.logFile}`);
  const rss = new RssSampler(hub.corePid);
  rss.start();
  const db = new pg.Pool({ connectionString: databaseUrl, max: settings.pgPoolSize });
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
  try {
    await new Promise((r) => setTimeout(r, 1000)); // an idle memory sample or two
    const idle = rss.stats('idle');
    const runs: IntakeRun[] = [];
    const drains: Record<string, number | null> = {};
    for (const kind of ['plain', 'new-contact', 'same-contact'] as const) {
      runs.push(
        await measure(kind, databaseUrl, hub, rss, (w, seq) =>
          postCase(agent, hub.port, caseBody(kind, w, seq)),
        ),
      );
      drains[kind] = await drain(db);
    }
    const tpl = await eventTemplate(db);
    runs.push(
      await measure('raw', databaseUrl, hub, rss, (w, seq) =>
        rawIntake(
          db,
          tpl,
          PREFIX,
          `Order #${40000 + seq} arrived damaged (${w}/${seq})`,
          DESCRIPTION,
        ),
      ),
    );
    drains.raw = await drain(db);
    rss.stop();

    const outbox = Number(
      (await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox_events')).rows[0].n,
    );
    const inStream = (await streamInfo(`BENCH_${RUN}`))?.state.messages ?? null;
    const raw = runs[3].result.opsPerSecond;
    const ratio = (i: number) => (raw > 0 ? runs[i].result.opsPerSecond / raw : 0);
    const rssMax = rss.stats().maxMb;
    const pass = {
      ratio: ratio(0) >= TARGETS.ratio,
      p99: runs[0].result.latency.p99Ms < TARGETS.p99Ms,
      newContactRatio: ratio(1) >= TARGETS.contactRatio,
      sameContactRatio: ratio(2) >= TARGETS.contactRatio,
      rss: rssMax <= TARGETS.rssMb,
    };
    printIntake({
      started,
      settings,
      runs,
      ratios: [ratio(0), ratio(1), ratio(2)],
      pass,
      idle,
      rssMax,
      drains,
      tplBytes: tpl.bytes,
      outbox,
      inStream,
      logLines: hub.logLines(),
    });
    const file = await writeResults(
      join(REPO_ROOT, 'bench/results'),
      started,
      {
        ...runInfo('intake', started),
        settings: {
          ...settings,
          hub: 'casehub start, no plugins, default logging (LOG_LEVEL=info, LOG_HTTP=true)',
        },
        targets: TARGETS,
        runs: runs.map((r) => ({
          name: r.name,
          perSecond: r.result.opsPerSecond,
          ok: r.result.ok,
          latencyMs: r.result.latency,
          errors: r.result.errors.total,
          warmupErrors: r.result.warmupErrors.total,
          errorKinds: r.result.errors.toJSON(),
          cpuPercentOfOneCpu: r.cpu,
          coreRssMb: r.rss,
          outboxDrainSeconds: drains[r.name],
        })),
        ratios: { plain: ratio(0), newContact: ratio(1), sameContact: ratio(2) },
        coreRssMb: { idle: idle.lastMb, max: rssMax },
        pass,
        events: { outboxRows: outbox, streamMessages: inStream, payloadBytes: tpl.bytes },
        hubLogLines: hub.logLines(),
      },
      'intake',
    );
    console.log(`results: ${relative(REPO_ROOT, file)} (and bench/results/intake-latest.json)`);
    const failed = runs.reduce(
      (n, r) => n + r.result.errors.total + r.result.warmupErrors.total,
      0,
    );
    return [
      failed > 0 && `${failed} request(s) failed`,
      inStream !== null &&
        inStream !== outbox &&
        `${outbox} events written but ${inStream} in the stream`,
    ];
  } finally {
    agent.destroy();
    await db.end();
  }
}

await runBenchmark(main);
