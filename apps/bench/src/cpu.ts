/** CPU use over a window, from /proc (Linux; elsewhere the figures stay 0). */
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';

/** User + system CPU seconds of a process; with `children`, its reaped children's too. */
async function cpuSeconds(pid: number, children = false): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(f[11]) + Number(f[12]); // utime, stime (USER_HZ = 100)
    return (own + (children ? Number(f[13]) + Number(f[14]) : 0)) / 100;
  } catch {
    return 0;
  }
}

async function comm(pid: string): Promise<string> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
}

/** CPU seconds of every process named `name` (e.g. all postgres backends), each counted once. */
async function cpuSecondsOf(name: string): Promise<number> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((d) => /^\d+$/.test(d));
  const secs = await Promise.all(
    pids.map(async (pid) => {
      if ((await comm(pid)) !== name) return 0;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      // Only the top of a tree adds its reaped children (closed PostgreSQL connections).
      return cpuSeconds(Number(pid), (await comm(ppid)) !== name);
    }),
  );
  return secs.reduce((a, b) => a + b, 0);
}

async function machineJiffies(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8').catch(() => 'cpu 0 0 0 0')).split('\n', 1)[0];
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number); // user nice system idle iowait …
  const total = v.reduce((a, b) => a + (b || 0), 0);
  return { busy: total - (v[3] || 0) - (v[4] || 0), total };
}

/** % of one CPU per part, and % of the whole machine busy. */
export type CpuFigures = Record<string, number> & { machineBusyPct: number };

/**
 * PostgreSQL's processes that work for one database: its backends (and autovacuum workers) and
 * the server's shared ones (WAL writer, checkpointer, ...); not other databases' backends, which
 * on a shared machine are someone else's load.
 */
async function postgresPidsFor(databaseUrl: string): Promise<number[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL`,
    );
    return rows.map((r) => r.pid);
  } finally {
    await db.end();
  }
}

/**
 * Measures named processes, PostgreSQL, NATS and the machine between begin() and end(). With
 * `postgresDatabase` (a URL), PostgreSQL is only what works for that database (postgresPidsFor);
 * else every postgres process, with the connections that closed meanwhile.
 */
export function cpuWindow(pids: Record<string, number[]>, postgresDatabase?: string) {
  let pgPids: number[] | null = null;
  /** Per process, so that one that exits in the window (an idle pooled connection) drops out. */
  const postgres = async (): Promise<Map<number, number>> => {
    if (!postgresDatabase) return new Map([[0, await cpuSecondsOf('postgres')]]);
    pgPids ??= await postgresPidsFor(postgresDatabase); // the same processes at both ends
    const secs = await Promise.all(pgPids.map((p) => cpuSeconds(p)));
    return new Map(pgPids.map((p, i) => [p, secs[i]]));
  };
  const take = async () => {
    const [at, machine] = [performance.now(), await machineJiffies()];
    const parts: Record<string, number> = {};
    for (const [k, list] of Object.entries(pids))
      parts[k] = (await Promise.all(list.map((p) => cpuSeconds(p)))).reduce((a, b) => a + b, 0);
    const pgSecs = await postgres();
    parts.nats = await cpuSecondsOf('nats-server');
    return { at, parts, machine, pgSecs };
  };
  let first: ReturnType<typeof take> | null = null;
  return {
    begin() {
      first = take();
    },
    async end(): Promise<CpuFigures> {
      const b = await take();
      const a = await first!;
      const secs = (b.at - a.at) / 1000;
      const out: Record<string, number> = {};
      for (const k of Object.keys(b.parts)) out[k] = ((b.parts[k] - a.parts[k]) / secs) * 100;
      let pgDelta = 0;
      for (const [pid, end] of b.pgSecs) if (end > 0) pgDelta += end - (a.pgSecs.get(pid) ?? end);
      out.postgres = (pgDelta / secs) * 100;
      const dt = b.machine.total - a.machine.total;
      out.machineBusyPct = dt > 0 ? ((b.machine.busy - a.machine.busy) / dt) * 100 : 0;
      // Whatever else ran meanwhile (another test suite on a shared machine skews every figure).
      const ours = Object.values(out).reduce((x, y) => x + y, 0) - out.machineBusyPct;
      out.others = Math.max(0, out.machineBusyPct * os.cpus().length - ours);
      return out as CpuFigures;
    },
  };
}
