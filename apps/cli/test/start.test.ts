import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, testStream, TEST_NATS_URL, type TestStream } from '@casehub/test-support';

const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const KEY = 'start-test-admin-key-0123456789abcdef';
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
/** What a plugin built on the SDK prints once it takes events (runPlugin). */
const CONSUMING = /casehub webhook plugin \S+: consuming events/;

/** `casehub start` as an operator runs it, with everything it prints kept for the assertions. */
class Hub {
  readonly proc: ChildProcess;
  readonly exit: Promise<number | null>;
  out = '';

  constructor(cwd: string, env: NodeJS.ProcessEnv, args: string[] = []) {
    this.proc = spawn(process.execPath, [CLI, 'start', ...args], { cwd, env });
    this.proc.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.exit = new Promise((r) => this.proc.once('exit', (code) => r(code)));
  }

  /** Process ids of `label` ("core", "webhook"), in the order they were started. */
  pids(label: string): number[] {
    return [...this.out.matchAll(new RegExp(`started ${label} \\(pid (\\d+)\\)`, 'g'))].map((m) =>
      Number(m[1]),
    );
  }

  count(text: string | RegExp): number {
    return typeof text === 'string'
      ? this.out.split(text).length - 1
      : [...this.out.matchAll(new RegExp(text, 'g'))].length;
  }

  async stop(): Promise<number | null> {
    this.proc.kill('SIGTERM');
    return this.exit;
  }
}

/** Each test: its own directory (data, config), event stream, subject prefix and port. */
class Place {
  dir = mkdtempSync(join(tmpdir(), 'casehub-start-'));
  s!: TestStream;
  port = 0;
  hub: Hub | null = null;

  async open(): Promise<this> {
    this.s = await testStream('S');
    this.port = await freePort();
    return this;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** No plugin settings at all: only what the core and the tests' NATS need. */
  get env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      NATS_URL: TEST_NATS_URL,
      NATS_EMBEDDED: 'never',
      NATS_STREAM: this.s.stream,
      NATS_SUBJECT_PREFIX: this.s.prefix,
      CASEHUB_DATA_DIR: join(this.dir, 'data'), // and so the SQLite database
      CASEHUB_ADMIN_KEY: KEY,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LOG_HTTP: 'false',
    };
  }

  write(name: string, config: unknown): string {
    const file = join(this.dir, name);
    writeFileSync(file, JSON.stringify(config));
    return file;
  }

  start(env = this.env, args: string[] = []): Hub {
    return (this.hub = new Hub(this.dir, env, args));
  }

  async close(): Promise<void> {
    if (this.hub && this.hub.proc.exitCode === null) await this.hub.stop();
    await this.s.remove(); // with the dead letters and the plugins' key-value buckets
    rmSync(this.dir, { recursive: true, force: true });
  }

  async createCase(subject: string): Promise<string> {
    const res = await fetch(`${this.url}/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('casehub start with the webhook plugin named in casehub.config.json', () => {
  let place: Place;
  let hub: Hub;
  let receiver: Server;
  const received: { type: string; subject: string }[] = [];
  const delivered = (caseId: string) =>
    eventually(() =>
      expect(received).toContainEqual({ type: 'casehub.case.created.v1', subject: caseId }),
    );

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const { type, subject } = JSON.parse(body) as { type: string; subject: string };
        received.push({ type, subject });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    place = await new Place().open();
    const file = place.write('hub.json', {
      plugins: [
        {
          name: 'webhook',
          replicas: 2,
          env: {
            WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
            WEBHOOK_SECRET: SECRET,
            WEBHOOK_EVENTS: 'case.created',
          },
        },
      ],
    });
    hub = place.start({ ...place.env, CASEHUB_CONFIG: file });
    await eventually(() => expect(hub.count(CONSUMING)).toBe(2), 40_000);
  });
  afterAll(async () => {
    await place.close();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  it('delivers a case created over the API to the receiver set in the plugin`s env', async () => {
    await delivered(await place.createCase('Charged twice for my order'));
  });

  it('restarts a replica that crashed, which then delivers again', async () => {
    const [first] = hub.pids('webhook#1');
    process.kill(first, 'SIGKILL');
    await eventually(() => expect(hub.pids('webhook#1')).toHaveLength(2), 10_000);
    expect(hub.out).toContain('webhook#1 exited (killed by SIGKILL); restarting it in 1 s');
    expect(alive(first)).toBe(false);
    await eventually(() => expect(hub.count(CONSUMING)).toBe(3), 30_000);
    await delivered(await place.createCase('The parcel never arrived'));
  });

  it('stops the plugins and the core on Ctrl-C (SIGINT twice, as pnpm passes it on), leaving no process behind, exit 0', async () => {
    const pids = [...hub.pids('core'), ...hub.pids('webhook#1'), ...hub.pids('webhook#2')];
    expect(pids).toHaveLength(4); // the core, two replicas and one restart
    hub.proc.kill('SIGINT'); // from the terminal
    hub.proc.kill('SIGINT'); // forwarded by pnpm
    expect(await hub.exit).toBe(0);
    expect(hub.out).not.toContain('stopping now');
    await eventually(() => expect(pids.filter(alive)).toEqual([]), 5_000);
    // The plugin's settings went to the plugin only; CASEHUB_CONFIG was not passed to the core.
    expect(hub.out).not.toContain('is not a CaseHub setting');
  });
});

describe('casehub start without a config file or plugin settings', () => {
  let place: Place;
  beforeEach(async () => (place = await new Place().open()));
  afterEach(() => place.close());

  it('runs the core and says which default plugins it could not start, and why', async () => {
    const hub = place.start();
    await eventually(() => expect(hub.out).toContain('started core'), 40_000);
    // Checked before anything started, each said once, in one line naming what it needs.
    expect(hub.out).toMatch(
      /webhook plugin not started: WEBHOOK_TARGETS \(or WEBHOOK_URL and WEBHOOK_SECRET\) is not set/,
    );
    expect(hub.out).toMatch(/email plugin not started: SMTP_URL is not set; EMAIL_FROM is not set/);
    expect(hub.out).toMatch(
      /survey plugin not started: SURVEY_PUBLIC_URL is not set; SURVEY_SECRET is not set/,
    );
    expect(hub.out.indexOf('plugin not started')).toBeLessThan(hub.out.indexOf('started core'));
    await eventually(
      async () => expect((await fetch(`${place.url}/health/ready`)).status).toBe(200),
      30_000,
    );
    const cases = await fetch(`${place.url}/v1/cases`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(cases.status).toBe(200);
    expect(hub.count('started webhook')).toBe(0); // never started, so never "started"
    expect(hub.count('started email')).toBe(0);
    expect(hub.count('started survey')).toBe(0);
    expect(await hub.stop()).toBe(0);
  });
});

describe('casehub start for a person (LOG_FORMAT=pretty, as in a terminal)', () => {
  let place: Place;
  beforeEach(async () => (place = await new Place().open()));
  afterEach(() => place.close());

  it("prints a short summary and readable lines, not Nest's start-up JSON", async () => {
    const hub = place.start({
      ...place.env,
      LOG_FORMAT: 'pretty',
      LOG_LEVEL: 'info',
      LOG_HTTP: 'true',
    });
    await eventually(() => expect(hub.out).toContain('the hub is up'), 40_000);
    expect(hub.out).toMatch(/ {2}API {7}http:\/\/localhost:\d+ {2}\(docs /);
    expect(hub.out).toMatch(/ {2}database {2}sqlite:/);
    expect(hub.out).toMatch(/ {2}plugins {3}none/);
    expect(hub.out).toMatch(/ {2}not run {3}email: SMTP_URL is not set; EMAIL_FROM is not set/);
    await fetch(`${place.url}/v1/cases`, { headers: { authorization: `Bearer ${KEY}` } });
    await eventually(() =>
      expect(hub.out).toMatch(/\d\d:\d\d:\d\d core {5}GET \/v1\/cases 200 \(\d+ ms\)/),
    );
    expect(hub.out).not.toContain('InstanceLoader');
    expect(hub.out).not.toContain('{"process"');
    expect(await hub.stop()).toBe(0);
  });

  it('refuses a LOG_FORMAT it does not know, naming it', async () => {
    const hub = place.start({ ...place.env, LOG_FORMAT: 'fancy' });
    expect(await hub.exit).toBe(78);
    expect(hub.out).toContain('LOG_FORMAT: must be auto, json, pretty (got fancy)');
  });
});

describe('casehub start with a plugin named in the config file that cannot run', () => {
  let place: Place;
  beforeEach(async () => (place = await new Place().open()));
  afterEach(() => place.close());

  it('exits 78 naming a plugin that is not installed, before starting anything', async () => {
    place.write('casehub.config.json', { plugins: ['webhook', 'nope'] });
    const hub = place.start();
    expect(await hub.exit).toBe(78);
    expect(hub.out).toContain('plugin nope: @casehub/plugin-nope is not installed');
    expect(hub.out).not.toContain('started core');
  });

  it('exits 78 naming what a plugin of the config file lacks, before starting anything', async () => {
    const file = place.write('other.json', { plugins: ['webhook'] });
    const hub = place.start(place.env, ['--config', file]);
    expect(await hub.exit).toBe(78);
    expect(hub.out).toContain(
      'plugin webhook: WEBHOOK_TARGETS (or WEBHOOK_URL and WEBHOOK_SECRET) is not set',
    );
    expect(hub.out).toContain('remove webhook from');
    expect(hub.out).not.toContain('started core');
  });

  it('exits 78 naming the field of an invalid config file', async () => {
    place.write('casehub.config.json', { plugins: [{ name: 'webhook', replicas: 0 }] });
    const hub = place.start();
    expect(await hub.exit).toBe(78);
    expect(hub.out).toContain('plugins[0].replicas: must be a whole number from 1 to 32 (got 0)');
  });
});
