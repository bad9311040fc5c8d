/**
 * `pnpm bench:reads`: what agents read, at scale. Seeds BENCH_READS_FIRST cases (100,000) with
 * their contacts, identities, messages, tags and outbox rows by COPY (reads-seed.ts) into a fresh
 * database that the built core migrated, measures every kind of read (reads-queries.ts) through
 * the core and the same query through `pg` beside it, then grows the database to
 * BENCH_READS_CASES (1,000,000) and measures again.
 *
 * The core runs as `pnpm start` runs it (dist/main.js, --enable-source-maps, default settings:
 * LOG_LEVEL=info with a log line per request, a pool of 20), with its own database and stream.
 * Each kind: BENCH_CONCURRENCY keep-alive clients (16, node:http), BENCH_READS_WARMUP_SECONDS (1)
 * + BENCH_READS_SECONDS (5) measured against the core, then the same against `pg` (a pool of as
 * many connections). Targets: p99 < 50 ms per kind, core RSS <= 200 MB.
 * Exits non-zero only when a request failed, an answer differed from the baseline's, or something
 * crashed; a missed target is reported.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { log, runBenchmark, type Broken } from './cleanup.js';
import { startHub, type Hub } from './hub.js';
import { RssSampler } from './rss.js';
import { cpuWindow, type CpuFigures } from './cpu.js';
import { runLoad, type LoadResult, type OpResult } from './load.js';
import { readKinds, foundByBaseline, foundByCore, type ReadKind } from './reads-queries.js';
import { printReads, type KindOutcome, type StageOutcome } from './reads-report.js';
import { seedCases, seedDirectory } from './reads-seed.js';
import { writeResults } from './report.js';
import { createDatabase, removeStreamsAtEnd } from './resources.js';
import { REPO_ROOT, runInfo } from './run-info.js';
import { positive } from './settings.js';

const settings = {
  first: positive('BENCH_READS_FIRST', 100_000),
  cases: positive('BENCH_READS_CASES', 1_000_000),
  seconds: positive('BENCH_READS_SECONDS', 5),
  warmupSeconds: positive('BENCH_READS_WARMUP_SECONDS', 1, true),
  concurrency: positive('BENCH_CONCURRENCY', 16),
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};
export const TARGETS = { p99Ms: 50, rssMb: 200 };
const RUN = randomBytes(4).toString('hex');
const ADMIN_KEY = `bench-admin-key-${randomBytes(16).toString('hex')}`;

interface Client {
  agent: http.Agent;
  port: number;
  key: string;
}

/** One request with the key `auth` (default: the client's); the answer's status and body. */
function call(
  c: Client,
  path: string,
  { body, auth = c.key }: { body?: unknown; auth?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${auth}` };
    if (data)
      Object.assign(headers, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(data),
      });
    const req = http.request(
      {
        host: '127.0.0.1',
        port: c.port,
        path,
        method: data ? 'POST' : 'GET',
        agent: c.agent,
        headers,
      },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () =>
          res({ status: r.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        r.on('error', rej);
      },
    );
    req.on('error', rej);
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out after 30 s')));
    req.end(data);
  });
}

const pickFor = (k: ReadKind, w: number, seq: number) =>
  k.instances[(w * 7919 + seq) % k.instances.length];

async function measure(
  op: (w: number, seq: number) => Promise<OpResult>,
  pids: Record<string, number[]>,
  onStart: () => void,
): Promise<{ result: LoadResult; cpu: CpuFigures }> {
  const cpu = cpuWindow(pids);
  let ended: Promise<CpuFigures> | null = null;
  const result = await runLoad({
    concurrency: settings.concurrency,
    warmupMs: settings.warmupSeconds * 1000,
    measureMs: settings.seconds * 1000,
    op,
    onMeasureStart: () => {
      onStart();
      cpu.begin();
    },
    onMeasureEnd: () => {
      ended = cpu.end();
    },
  });
  return { result, cpu: await ended! };
}

const summary = (r: LoadResult) => ({
  perSecond: r.opsPerSecond,
  latencyMs: r.latency,
  errors: r.errors.total,
  errorKinds: r.errors.toJSON(),
});

async function measureStage(
  cases: number,
  core: Hub,
  client: Client,
  pool: pg.Pool,
  db: pg.Client,
  rss: RssSampler,
  kinds: ReadKind[],
): Promise<StageOutcome> {
  const out: KindOutcome[] = [];
  for (const k of kinds) {
    const first = k.instances[0];
    const [viaCore, viaPg] = [
      await call(client, first.path),
      await pool.query(first.sql, first.params),
    ];
    const same =
      viaCore.status === 200 &&
      foundByCore(k, viaCore.body) === foundByBaseline(k, viaPg.rows as Record<string, unknown>[]);
    const phase = `${cases}:${k.name}`;
    log(`${cases.toLocaleString('en')} cases: ${k.name} (${k.what}) ...`);
    const viaHttp = await measure(
      async (w, seq) => {
        const r = await call(client, pickFor(k, w, seq).path);
        return r.status === 200
          ? { ok: true }
          : { ok: false, kind: `HTTP ${r.status}`, sample: r.body };
      },
      { core: [core.corePid], bench: [process.pid] },
      () => (rss.phase = phase),
    );
    rss.phase = 'between';
    const raw = await measure(
      async (w, seq) => {
        const i = pickFor(k, w, seq);
        await pool.query(i.sql, i.params);
        return { ok: true };
      },
      { core: [core.corePid], bench: [process.pid] },
      () => undefined,
    );
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${first.sql}`, first.params);
    out.push({
      name: k.name,
      what: k.what,
      sameAnswer: same,
      answerSample: same
        ? null
        : {
            core: viaCore.body.slice(0, 300),
            baseline: foundByBaseline(k, viaPg.rows as Record<string, unknown>[]),
          },
      core: { ...summary(viaHttp.result), cpu: viaHttp.cpu, rssMaxMb: rss.stats(phase).maxMb },
      baseline: { ...summary(raw.result), cpu: raw.cpu },
      baselinePlan: plan.rows.map((r) => r['QUERY PLAN']),
    });
  }
  return { cases, kinds: out };
}

async function main(): Promise<Broken> {
  const started = new Date();
  log(
    `settings: ${settings.first.toLocaleString('en')} then ${settings.cases.toLocaleString('en')} cases; ${settings.concurrency} clients, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s measured per read, ${os.cpus().length} CPUs`,
  );
  const databaseUrl = await createDatabase(`casehub_bench_${RUN}`);
  const stream = `BENCH_${RUN}_READS`;
  removeStreamsAtEnd(stream);
  const core = await startHub(
    {
      DATABASE_URL: databaseUrl,
      NATS_URL: settings.natsUrl,
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: `bench${RUN}r.casehub`,
      CASEHUB_ADMIN_KEY: ADMIN_KEY,
    },
    [],
    (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
  );
  log(
    `hub ready: core pid ${core.corePid} on :${core.port} (migrated the database), log ${core.logFile}`,
  );
  const rss = new RssSampler(core.corePid);
  rss.start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: settings.concurrency });
  // After Ctrl-C the cleanup's DROP DATABASE ends these connections: not worth a crash.
  db.on('error', () => undefined);
  pool.on('error', () => undefined);
  try {
    const dir = await seedDirectory(databaseUrl, started);
    const keyed = await call({ agent, port: core.port, key: ADMIN_KEY }, '/v1/api-keys', {
      body: { name: 'bench reader', role: 'agent', agentId: dir.agents[0].id },
    });
    if (keyed.status !== 201) throw new Error(`API key: HTTP ${keyed.status} ${keyed.body}`);
    const client: Client = {
      agent,
      port: core.port,
      key: (JSON.parse(keyed.body) as { key: string }).key,
    };

    const stages: StageOutcome[] = [];
    const seeding: { cases: number; seconds: number }[] = [];
    let seeded = 0;
    for (const cases of [settings.first, settings.cases]) {
      if (cases <= seeded) continue;
      rss.phase = 'seed';
      const t0 = performance.now();
      log(
        `seeding cases ${(seeded + 1).toLocaleString('en')} to ${cases.toLocaleString('en')} ...`,
      );
      await seedCases(
        databaseUrl,
        dir,
        { from: seeded + 1, to: cases, max: settings.cases },
        started,
      );
      seeding.push({ cases, seconds: (performance.now() - t0) / 1000 });
      log(`seeded in ${seeding[seeding.length - 1].seconds.toFixed(0)} s`);
      seeded = cases;
      stages.push(
        await measureStage(cases, core, client, pool, db, rss, await readKinds(db, dir, cases)),
      );
      const crash = core.crash();
      if (crash) throw new Error(`${crash} while reading`);
    }
    rss.stop();
    const rssMax = Math.max(...stages.flatMap((s) => s.kinds.map((k) => k.core.rssMaxMb)));
    const results = {
      ...runInfo('reads', started),
      settings,
      targets: TARGETS,
      seeding,
      sizes: Object.fromEntries(
        (
          await db.query<{ t: string; n: string; mb: string }>(
            `SELECT relname AS t, n_live_tup AS n, pg_total_relation_size(relid) / 1048576 AS mb
               FROM pg_stat_user_tables ORDER BY 1`,
          )
        ).rows.map((x) => [x.t, { rows: Number(x.n), totalMb: Number(x.mb) }]),
      ),
      stages,
      coreRssMaxMb: rssMax,
      hubLogLines: core.logLines(),
    };
    printReads(started, results);
    const file = await writeResults(join(REPO_ROOT, 'bench/results'), started, results, 'reads');
    console.log(`results: ${relative(REPO_ROOT, file)} (and bench/results/reads-latest.json)`);
    const kinds = stages.flatMap((s) => s.kinds);
    const failed = kinds.reduce((a, k) => a + k.core.errors + k.baseline.errors, 0);
    const differ = kinds.filter((k) => !k.sameAnswer).map((k) => k.name);
    return [
      failed > 0 && `${failed} request(s) failed`,
      differ.length > 0 && `the core's answer differed from the baseline's: ${differ.join(', ')}`,
    ];
  } finally {
    agent.destroy();
    await pool.end();
    await db.end();
  }
}

await runBenchmark(main);
