/**
 * `pnpm bench:intake`: case intake throughput and latency of the core over HTTP (POST /v1/cases),
 * against the raw rate of the same transaction (case row + outbox row) through `pg` directly,
 * on the same PostgreSQL database in the same run.
 *
 * It creates a fresh database and an isolated NATS stream, starts the built core (@casehub/core's dist/main.js)
 * as a child process, drives it, and drops both at the end (also on failure or Ctrl-C).
 * Settings (environment): BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONCURRENCY (16),
 * BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test: any database to run CREATE DATABASE
 * from), NATS_URL (nats://127.0.0.1:4222).
 * Exits non-zero only when requests failed or something crashed; a missed target is reported.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { runLoad, type LoadResult, type OpResult } from './load.js';
import { log, onCleanup, runBenchmark, type Broken } from './cleanup.js';
import { positive } from './settings.js';
import { createDatabase, removeStreamsAtEnd } from './resources.js';
import { writeResults } from './report.js';
import { REPO_ROOT, runInfo } from './run-info.js';
import { sleep } from './clock.js';
import { RssSampler, startCoreProcess, type CoreProcess } from './core-process.js';

const RESULTS_DIR = join(REPO_ROOT, 'bench/results');

const settings = {
  seconds: positive('BENCH_SECONDS', 10),
  warmupSeconds: positive('BENCH_WARMUP_SECONDS', 2, true),
  concurrency: positive('BENCH_CONCURRENCY', 16),
  corePoolSize: 20,
  pgPoolSize: 16,
  rssSampleMs: 500,
  pgAdminUrl:
    process.env.BENCH_PG_URL ??
    process.env.TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:5432/test',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};
const TARGETS = { ratio: 0.5, p99Ms: 50 };
const ADMIN_KEY = `bench-admin-key-${randomBytes(16).toString('hex')}`;
const RUN = randomBytes(4).toString('hex');
const DB_NAME = `casehub_bench_${RUN}`;
const NATS_STREAM = `BENCH_${RUN}`;
const NATS_SUBJECT_PREFIX = `bench${RUN}.casehub`;

const DESCRIPTION =
  'Hello, the parcel for my order arrived yesterday but the box was crushed and the blender inside ' +
  'has a cracked jug. I attached photos of the packaging and the damage. Could you send a replacement ' +
  'jug or the whole unit? I would rather not wait for a refund. The order was paid by card. Thanks, a customer.';

// ---------------------------------------------------------------------------------------------
// Resources: database, NATS stream, core process (cleaned up by ./cleanup.js, whatever happens).

async function streamMessages(): Promise<number | null> {
  const nc = await connect({ servers: settings.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(NATS_STREAM).catch(() => null);
    return info ? info.state.messages : null;
  } finally {
    await nc.close();
  }
}

function startCore(databaseUrl: string): Promise<CoreProcess> {
  return startCoreProcess({
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(settings.corePoolSize),
    DATABASE_MIGRATE: 'true',
    NATS_URL: settings.natsUrl,
    NATS_EMBEDDED: 'never',
    NATS_STREAM,
    NATS_SUBJECT_PREFIX,
    CASEHUB_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    LOG_HTTP: 'false',
    NODE_ENV: 'production',
  });
}

// ---------------------------------------------------------------------------------------------
// Process sampling: CPU time from /proc/<pid>/stat.

/**
 * User + system CPU seconds of a process so far (Linux, USER_HZ = 100). With `children`, the
 * CPU of its exited, reaped children too (PostgreSQL backends whose connection closed).
 */
async function cpuSeconds(pid: number, children = false): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime (fields 14, 15); cutime, cstime (16, 17)
    const own = Number(f[11]) + Number(f[12]);
    return (own + (children ? Number(f[13]) + Number(f[14]) : 0)) / 100;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine (all CPUs), from /proc/stat. */
async function machineJiffies(): Promise<{ busy: number; total: number } | null> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0];
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number); // user nice system idle iowait irq softirq steal
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - v[3] - v[4], total };
  } catch {
    return null;
  }
}

async function parentComm(pid: string): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  return (await readFile(`/proc/${ppid}/comm`, 'utf8').catch(() => '')).trim();
}

/** CPU seconds used so far by all processes with this command name (e.g. every postgres backend). */
async function cpuSecondsOf(comm: string): Promise<number> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((d) => /^\d+$/.test(d));
  const secs = await Promise.all(
    pids.map(async (pid) => {
      const name = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      // Only the top process of the tree counts reaped children, so nothing is counted twice.
      const top = name.trim() === comm && (await parentComm(pid)) !== comm;
      return name.trim() === comm ? ((await cpuSeconds(Number(pid), top)) ?? 0) : 0;
    }),
  );
  return secs.reduce((a, b) => a + b, 0);
}

export interface CpuFigures {
  /** % of one CPU */
  corePct: number;
  benchClientPct: number;
  postgresPct: number;
  natsPct: number;
  /** % of all CPUs of the machine that were busy (anything, including other tenants). */
  machineBusyPct: number;
}

/** CPU use over the measured window: the core, this process, PostgreSQL, NATS and the machine. */
function cpuWindow(corePid: number) {
  let core0: number | null = null;
  let self0 = process.cpuUsage();
  let pg0 = 0;
  let nats0 = 0;
  let m0: { busy: number; total: number } | null = null;
  let t0 = 0n;
  const out: CpuFigures = {
    corePct: 0,
    benchClientPct: 0,
    postgresPct: 0,
    natsPct: 0,
    machineBusyPct: 0,
  };
  let begun: Promise<void> = Promise.resolve();
  return {
    out,
    begin() {
      t0 = process.hrtime.bigint();
      self0 = process.cpuUsage();
      begun = (async () => {
        [core0, pg0, nats0, m0] = await Promise.all([
          cpuSeconds(corePid),
          cpuSecondsOf('postgres'),
          cpuSecondsOf('nats-server'),
          machineJiffies(),
        ]);
      })();
    },
    async end() {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const self = process.cpuUsage(self0);
      await begun;
      const [core1, pg1, nats1, m1] = await Promise.all([
        cpuSeconds(corePid),
        cpuSecondsOf('postgres'),
        cpuSecondsOf('nats-server'),
        machineJiffies(),
      ]);
      if (core0 !== null && core1 !== null) out.corePct = ((core1 - core0) / secs) * 100;
      out.benchClientPct = ((self.user + self.system) / 1e6 / secs) * 100;
      out.postgresPct = ((pg1 - pg0) / secs) * 100;
      out.natsPct = ((nats1 - nats0) / secs) * 100;
      if (m0 && m1 && m1.total > m0.total)
        out.machineBusyPct = ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The HTTP intake run.

/**
 * `same` writes exactly what the baseline writes (a case row and its outbox row), so the ratio
 * measures what HTTP, validation and the ORM cost; `full` adds a new contact, its identity and
 * a tag, as a real email intake does.
 */
type BodyKind = 'same' | 'full';

function caseBody(kind: BodyKind, worker: number, seq: number): string {
  return JSON.stringify({
    subject: `Order #${40000 + seq} arrived damaged (${worker}/${seq})`,
    description: DESCRIPTION,
    channel: 'email',
    priority: 'normal',
    ...(kind === 'full'
      ? {
          contact: {
            name: `Bench Customer ${worker}-${seq}`,
            email: `customer.${RUN}.${worker}.${seq}@example.com`,
          },
          tags: ['bench'],
        }
      : {}),
  });
}

function postCase(agent: http.Agent, port: number, body: string): Promise<OpResult> {
  return new Promise((res, rej) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/cases',
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          if (r.statusCode === 201) return res({ ok: true });
          res({
            ok: false,
            kind: `HTTP ${r.statusCode}`,
            sample: Buffer.concat(chunks).toString('utf8'),
          });
        });
        r.on('error', rej);
      },
    );
    req.on('error', rej);
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out after 30 s')));
    req.end(body);
  });
}

async function httpRun(core: CoreProcess, rss: RssSampler, kind: BodyKind) {
  const phase = kind === 'same' ? 'http' : 'http-full';
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const cpu = cpuWindow(core.pid);
  let ended: Promise<void> = Promise.resolve();
  rss.phase = `${phase}-warmup`;
  try {
    const result = await runLoad({
      concurrency: settings.concurrency,
      warmupMs: settings.warmupSeconds * 1000,
      measureMs: settings.seconds * 1000,
      op: (w, seq) => postCase(agent, core.port, caseBody(kind, w, seq)),
      shouldStop: () => core.crash !== null,
      onMeasureStart: () => {
        rss.phase = phase;
        cpu.begin();
      },
      onMeasureEnd: () => {
        rss.phase = `${phase}-tail`;
        ended = cpu.end();
      },
    });
    await ended;
    return { result, cpu: cpu.out };
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The raw baseline: the same transaction (case row + outbox row) through pg directly.

interface EventPayload {
  data: { case: Record<string, unknown>; [k: string]: unknown };
  [k: string]: unknown;
}

interface EventTemplate {
  payload: EventPayload;
  bytes: number;
}

/** A real case.created payload written by the core, to give the baseline the same size and shape. */
async function eventTemplate(db: pg.Client): Promise<EventTemplate> {
  const { rows } = await db.query<{ payload: string }>(
    `SELECT payload FROM outbox_events WHERE name = 'case.created' ORDER BY seq DESC LIMIT 1`,
  );
  if (rows[0])
    return {
      payload: JSON.parse(rows[0].payload) as EventPayload,
      bytes: Buffer.byteLength(rows[0].payload),
    };
  // No HTTP intake succeeded: a synthetic event of the same shape.
  const payload = {
    specversion: '1.0',
    id: randomUUID(),
    source: '/casehub/core',
    type: 'casehub.case.created.v1',
    time: new Date().toISOString(),
    subject: randomUUID(),
    datacontenttype: 'application/json',
    sequence: 1,
    data: {
      case: {
        id: randomUUID(),
        number: 1,
        subject: 'Order #40000 arrived damaged',
        description: DESCRIPTION,
        status: 'new',
        priority: 'normal',
        channel: 'email',
        contact: { id: randomUUID(), name: 'Bench Customer', email: 'customer@example.com' },
        ownerId: null,
        assigneeId: null,
        groupId: null,
        tier: 1,
        tags: ['bench'],
        customFields: {},
        businessImpact: null,
        followUpOf: null,
        reopenCount: 0,
        version: 1,
        firstResponseAt: null,
        resolvedAt: null,
        closedAt: null,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      },
      actor: { type: 'api_key', id: 'env:CASEHUB_ADMIN_KEY' },
    },
  };
  return { payload, bytes: Buffer.byteLength(JSON.stringify(payload)) };
}

const INSERT_CASE = `INSERT INTO cases (id, number, subject, description, status, priority, channel, contact_id,
  owner_id, assignee_id, group_id, tier, custom_fields, business_impact, follow_up_of, reopen_count, version,
  first_response_at, resolved_at, closed_at, created_at, updated_at)
  VALUES ($1, $2, $3, $4, 'new', 'normal', 'email', $5, NULL, NULL, NULL, 1, $6, NULL, NULL, 0, 1, NULL, NULL, NULL, $7, $7)`;
const INSERT_OUTBOX = `INSERT INTO outbox_events (id, aggregate_id, aggregate_sequence, name, subject, payload, created_at, attempts)
  VALUES ($1, $2, 1, 'case.created', $3, $4, $5, 0)`;

async function rawTransaction(
  pool: pg.Pool,
  tpl: EventTemplate,
  worker: number,
  seq: number,
): Promise<OpResult> {
  const client = await pool.connect();
  let failed = true;
  try {
    const caseId = randomUUID();
    const eventId = randomUUID();
    const at = new Date();
    const subject = `Order #${40000 + seq} arrived damaged (${worker}/${seq})`;
    await client.query('BEGIN');
    const { rows } = await client.query<{ n: string }>(`SELECT nextval('case_number_seq') AS n`);
    const number = Number(rows[0].n);
    await client.query(INSERT_CASE, [caseId, number, subject, DESCRIPTION, randomUUID(), '{}', at]);
    const t = tpl.payload;
    const payload = JSON.stringify({
      ...t,
      id: eventId,
      time: at.toISOString(),
      subject: caseId,
      data: {
        ...t.data,
        case: {
          ...t.data.case,
          id: caseId,
          number,
          subject,
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
        },
      },
    });
    await client.query(INSERT_OUTBOX, [
      eventId,
      caseId,
      `${NATS_SUBJECT_PREFIX}.v1.case.created`,
      payload,
      at,
    ]);
    await client.query('COMMIT');
    failed = false;
    return { ok: true };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    const e = err as Error & { code?: string };
    return { ok: false, kind: `pg ${e.code ?? e.name}`, sample: e.message };
  } finally {
    client.release(failed);
  }
}

async function rawRun(databaseUrl: string, tpl: EventTemplate, core: CoreProcess, rss: RssSampler) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: settings.pgPoolSize });
  const cpu = cpuWindow(core.pid);
  let ended: Promise<void> = Promise.resolve();
  rss.phase = 'raw-warmup';
  try {
    const result = await runLoad({
      concurrency: settings.concurrency,
      warmupMs: settings.warmupSeconds * 1000,
      measureMs: settings.seconds * 1000,
      op: (w, seq) => rawTransaction(pool, tpl, w, seq),
      onMeasureStart: () => {
        rss.phase = 'raw';
        cpu.begin();
      },
      onMeasureEnd: () => {
        rss.phase = 'raw-tail';
        ended = cpu.end();
      },
    });
    await ended;
    return { result, cpu: cpu.out };
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------

async function pendingOutbox(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL`,
  );
  return Number(rows[0].n);
}

/** Waits for the core's relay to publish everything; returns the seconds it took (null: timed out). */
async function drainOutbox(db: pg.Client, timeoutMs = 120_000): Promise<number | null> {
  const t0 = Date.now();
  while ((await pendingOutbox(db)) > 0) {
    if (Date.now() - t0 > timeoutMs) return null;
    await sleep(100);
  }
  return (Date.now() - t0) / 1000;
}

const f1 = (n: number) => n.toFixed(1);
/** CPU milliseconds each part spent per operation (from % of one CPU and operations/s). */
const perOp = (c: CpuFigures, opsPerSecond: number) =>
  opsPerSecond > 0
    ? [c.corePct, c.postgresPct, c.natsPct, c.benchClientPct]
        .map((x) => ((x * 10) / opsPerSecond).toFixed(2))
        .join(' / ')
    : 'n/a';
const cpuLine = (c: CpuFigures) =>
  `${[c.corePct, c.postgresPct, c.natsPct, c.benchClientPct].map((x) => f1(x) + '%').join(' / ')} of one CPU`;
const f2 = (n: number) => n.toFixed(2);

function printErrors(title: string, r: LoadResult): void {
  for (const [label, tally] of [
    ['measured', r.errors],
    ['warm-up', r.warmupErrors],
  ] as const) {
    for (const [kind, e] of tally.byKind) {
      console.log(`  ${title} ${label} error: ${kind} x${e.count}: ${e.sample}`);
    }
  }
}

async function main(): Promise<Broken> {
  const started = new Date();
  log(
    `settings: ${settings.concurrency} clients, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s measured per run, ${os.cpus().length} CPUs`,
  );
  const databaseUrl = await createDatabase(DB_NAME);
  log(`database ${DB_NAME}, NATS stream ${NATS_STREAM} (subjects ${NATS_SUBJECT_PREFIX}.>)`);
  removeStreamsAtEnd(NATS_STREAM);

  const core = await startCore(databaseUrl);
  log(`core pid ${core.pid} ready on :${core.port}`);
  const rss = new RssSampler(core.pid, settings.rssSampleMs);
  rss.start();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  onCleanup('monitor connection', () => db.end());
  await sleep(1000); // an idle RSS sample or two
  const idle = rss.stats('idle');

  log(
    `HTTP run: POST /v1/cases (${settings.warmupSeconds} s warm-up, ${settings.seconds} s measured) ...`,
  );
  const httpOut = await httpRun(core, rss, 'same');
  const httpPendingAtEnd = await pendingOutbox(db);
  const httpDrainSeconds = await drainOutbox(db);
  log(`HTTP run with a new contact and a tag per case ...`);
  const fullOut = await httpRun(core, rss, 'full');
  await drainOutbox(db);
  const httpRss = rss.stats('http-warmup', 'http');
  const coreRowsAfterHttp = Number(
    (await db.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0].n,
  );
  if (core.crash)
    throw new Error(
      `${core.crash} during the HTTP run; last output:\n${core.recentOutput.join('\n')}`,
    );

  const tpl = await eventTemplate(db);
  rss.phase = 'idle2';
  log(
    `raw pg baseline: BEGIN; nextval; INSERT cases; INSERT outbox_events; COMMIT (core idle, its relay publishing) ...`,
  );
  const raw = await rawRun(databaseUrl, tpl, core, rss);
  const rawPendingAtEnd = await pendingOutbox(db);
  const rawDrainSeconds = await drainOutbox(db);
  const rawRss = rss.stats('raw-warmup', 'raw');
  rss.stop();
  if (core.crash)
    throw new Error(
      `${core.crash} during the baseline; last output:\n${core.recentOutput.join('\n')}`,
    );

  const totalOutbox = Number(
    (await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox_events')).rows[0].n,
  );
  const inStream = await streamMessages();

  const h = httpOut.result;
  const hf = fullOut.result;
  const r = raw.result;
  const ratio = r.opsPerSecond > 0 ? h.opsPerSecond / r.opsPerSecond : 0;
  const pass = { ratio: ratio >= TARGETS.ratio, p99: h.latency.p99Ms < TARGETS.p99Ms };
  const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');

  const rowsOut: [string, string][] = [
    ['HTTP intake (POST /v1/cases: case row + outbox row, as the baseline)', ''],
    ['  cases/s', f1(h.opsPerSecond)],
    ['  cases created (measured)', String(h.ok)],
    [
      '  latency p50 / p90 / p99 / max ms',
      `${f2(h.latency.p50Ms)} / ${f2(h.latency.p90Ms)} / ${f2(h.latency.p99Ms)} / ${f2(h.latency.maxMs)}`,
    ],
    ['  errors (measured / warm-up)', `${h.errors.total} / ${h.warmupErrors.total}`],
    [
      '  core RSS idle / max / final MB',
      `${f1(idle.finalMb)} / ${f1(httpRss.maxMb)} / ${f1(httpRss.finalMb)}`,
    ],
    ['  CPU core / postgres / nats / client', cpuLine(httpOut.cpu)],
    ['  CPU ms per case, same order', perOp(httpOut.cpu, h.opsPerSecond)],
    ['  machine CPU busy (all CPUs)', `${f1(httpOut.cpu.machineBusyPct)}%`],
    [
      '  outbox pending at end / drained in',
      `${httpPendingAtEnd} / ${httpDrainSeconds === null ? 'timed out' : f2(httpDrainSeconds) + ' s'}`,
    ],
    ['HTTP intake with a new contact, identity and tag (no target)', ''],
    ['  cases/s', f1(hf.opsPerSecond)],
    [
      '  latency p50 / p99 / max ms',
      `${f2(hf.latency.p50Ms)} / ${f2(hf.latency.p99Ms)} / ${f2(hf.latency.maxMs)}`,
    ],
    ['  errors (measured / warm-up)', `${hf.errors.total} / ${hf.warmupErrors.total}`],
    ['  CPU ms per case, same order', perOp(fullOut.cpu, hf.opsPerSecond)],
    ['Raw pg baseline (case row + outbox row)', ''],
    ['  tx/s', f1(r.opsPerSecond)],
    [
      '  latency p50 / p99 / max ms',
      `${f2(r.latency.p50Ms)} / ${f2(r.latency.p99Ms)} / ${f2(r.latency.maxMs)}`,
    ],
    ['  errors (measured / warm-up)', `${r.errors.total} / ${r.warmupErrors.total}`],
    ['  core RSS max (idle API, relay busy) MB', f1(rawRss.maxMb)],
    ['  CPU core / postgres / nats / client', cpuLine(raw.cpu)],
    ['  CPU ms per tx, same order', perOp(raw.cpu, r.opsPerSecond)],
    ['  machine CPU busy (all CPUs)', `${f1(raw.cpu.machineBusyPct)}%`],
    [
      '  outbox pending at end / drained in',
      `${rawPendingAtEnd} / ${rawDrainSeconds === null ? 'timed out' : f2(rawDrainSeconds) + ' s'}`,
    ],
    ['  event payload bytes (copied from core)', String(tpl.bytes)],
    ['Targets', ''],
    [
      '  ratio = HTTP cases/s / raw tx/s',
      `${f2(ratio)}  (target >= ${TARGETS.ratio})  ${mark(pass.ratio)}`,
    ],
    ['  HTTP p99', `${f2(h.latency.p99Ms)} ms  (target < ${TARGETS.p99Ms} ms)  ${mark(pass.p99)}`],
    ['Events', ''],
    ['  outbox rows / messages in stream', `${totalOutbox} / ${inStream ?? 'n/a'}`],
  ];
  const w = Math.max(...rowsOut.map(([k]) => k.length)) + 2;
  console.log('');
  console.log(
    `CaseHub intake benchmark  ${started.toISOString()}  (${settings.concurrency} clients, ${settings.seconds} s measured, ${os.cpus().length} CPUs, node ${process.version})`,
  );
  console.log('-'.repeat(w + 40));
  for (const [k, v] of rowsOut) console.log(v ? k.padEnd(w) + v : k);
  console.log('-'.repeat(w + 40));
  console.log(
    "Order: HTTP run first, then the raw baseline on the same database (which then holds the HTTP run's rows).",
  );
  console.log(
    "The core stays up and idle during the baseline; its outbox relay publishes the baseline's events too,",
  );
  console.log(
    'as it would in production, so the baseline competes with the relay for CPU. The second HTTP',
  );
  console.log(
    'run with a contact writes a contact, its identity and a tag per case as well; it has no target.',
  );
  printErrors('HTTP', h);
  printErrors('HTTP with contact', hf);
  printErrors('raw', r);
  if (inStream !== null && inStream !== totalOutbox)
    console.log(`  warning: ${totalOutbox} outbox rows but ${inStream} messages in the stream`);
  if (core.outputLines > 1)
    console.log(
      `  the core wrote ${core.outputLines} line(s) of output (LOG_LEVEL=warn; the first ones are shown above)`,
    );

  const results = {
    ...runInfo('intake', started),
    settings: {
      ...settings,
      pgAdminUrl: undefined,
      warmupSeconds: settings.warmupSeconds,
      order: 'http-then-raw',
    },
    targets: TARGETS,
    http: {
      casesPerSecond: h.opsPerSecond,
      created: h.ok,
      latencyMs: h.latency,
      errors: h.errors.total,
      warmupErrors: h.warmupErrors.total,
      errorKinds: { measured: h.errors.toJSON(), warmup: h.warmupErrors.toJSON() },
      coreRssMb: { idle: idle.finalMb, max: httpRss.maxMb, final: httpRss.finalMb },
      cpuPercentOfOneCpu: httpOut.cpu,
      outboxPendingAtEnd: httpPendingAtEnd,
      outboxDrainSeconds: httpDrainSeconds,
      casesInDatabase: coreRowsAfterHttp,
    },
    httpWithContact: {
      casesPerSecond: hf.opsPerSecond,
      latencyMs: hf.latency,
      errors: hf.errors.total,
      cpuPercentOfOneCpu: fullOut.cpu,
    },
    raw: {
      txPerSecond: r.opsPerSecond,
      committed: r.ok,
      latencyMs: r.latency,
      errors: r.errors.total,
      warmupErrors: r.warmupErrors.total,
      errorKinds: { measured: r.errors.toJSON(), warmup: r.warmupErrors.toJSON() },
      coreRssMb: { max: rawRss.maxMb, final: rawRss.finalMb },
      cpuPercentOfOneCpu: raw.cpu,
      outboxPendingAtEnd: rawPendingAtEnd,
      outboxDrainSeconds: rawDrainSeconds,
      payloadBytes: tpl.bytes,
    },
    ratio,
    pass,
    events: { outboxRows: totalOutbox, streamMessages: inStream },
    coreLogLines: core.outputLines,
  };
  const file = await writeResults(RESULTS_DIR, started, results, 'intake');
  console.log(`results: ${relative(REPO_ROOT, file)} (and bench/results/intake-latest.json)`);

  const errors =
    h.errors.total +
    h.warmupErrors.total +
    hf.errors.total +
    hf.warmupErrors.total +
    r.errors.total +
    r.warmupErrors.total;
  return [errors > 0 && `${errors} operation(s) failed`];
}

await runBenchmark(main);
