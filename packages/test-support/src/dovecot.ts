import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { ImapFlow } from 'imapflow';
import { dovecotConfig } from './dovecot-config.js';
import { freePort, greeting } from './net.js';

const run = promisify(execFile);

export interface DovecotOptions {
  /** Accounts besides `support@example.com` (user → password). */
  users?: Record<string, string>;
  /** Also listen with implicit TLS (IMAPS) on another port, with a self-signed certificate. */
  tls?: boolean;
  /** Auth and mail debug lines in the log. */
  debug?: boolean;
  /** How long Dovecot may take to answer (default 20 s). */
  startTimeoutMs?: number;
  /** Lines appended to the generated dovecot.conf (e.g. `imap_idle_notify_interval = 10 secs`). */
  extraConfig?: string;
  /** The `dovecot` binary (default: found on PATH, /usr/sbin or /usr/local/sbin). */
  binary?: string;
}

export interface StoredMessage {
  uid: number;
  flags: string[];
  raw: Buffer;
}

export interface Dovecot {
  /** The temporary directory: dovecot.conf, dovecot.log, users, mail/<domain>/<user>/Maildir. */
  dir: string;
  host: string;
  port: number;
  /** Set with `tls: true`: the IMAPS port and the certificate to trust (PEM). */
  tls?: { port: number; ca: string };
  /** user → password. */
  users: Record<string, string>;
  /** `imap://user:pass@127.0.0.1:port/INBOX` (user and password URL-encoded). */
  url(user?: string, mailbox?: string): string;
  /** Logged-in IMAP client; `logout()` it when done. */
  connect(user?: string): Promise<ImapFlow>;
  /** Puts a message into a mailbox (created if missing) as a mail client would; its UID. */
  append(
    user: string,
    raw: string | Buffer,
    mailbox?: string,
    flags?: string[],
  ): Promise<number | undefined>;
  /** Everything in a mailbox, oldest first (flags without `\\Recent`). */
  messages(user: string, mailbox?: string): Promise<StoredMessage[]>;
  /** The server's log so far (handy in a failing assertion). */
  log(): string;
  /** Stops Dovecot and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export const DEFAULT_IMAP_USER = 'support@example.com';
export const DEFAULT_IMAP_PASSWORD = 'support-password';

/**
 * Runs a private Dovecot IMAP server for one test file: its own configuration, users, maildirs
 * and log in a temporary directory, on 127.0.0.1 and a free port. Nothing under /etc/dovecot is
 * used, so a system Dovecot (on 143/993) may run or not.
 */
export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const binary = findDovecot(options.binary);
  const { stdout } = await run(binary, ['--version']);
  const version = stdout.trim();
  const users = { [DEFAULT_IMAP_USER]: DEFAULT_IMAP_PASSWORD, ...options.users };
  const dir = mkdtempSync(join(tmpdir(), 'casehub-dovecot-'));
  try {
    await prepareDir(dir, users);
    const tls = options.tls ? await selfSignedCert(dir) : undefined;
    // Another process may take the port between freePort() and Dovecot's bind: try again.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const tlsPort = tls ? await freePort() : undefined;
      const config = dovecotConfig({
        version,
        instance: `casehub-${randomBytes(3).toString('hex')}`,
        dir,
        port,
        tls: tls && tlsPort ? { port: tlsPort, ...tls } : undefined,
        mailUser: 'dovecot',
        unprivileged: await unprivileged(),
        debug: options.debug,
      });
      await writeFile(join(dir, 'dovecot.conf'), `${config}\n${options.extraConfig ?? ''}\n`);
      const child = launch(binary, dir);
      const started = await waitUntilReady(child, port, options.startTimeoutMs ?? 20_000);
      if (started === true) {
        return handle(
          dir,
          child,
          port,
          users,
          tls && tlsPort ? { port: tlsPort, ca: tls.pem } : undefined,
        );
      }
      const log = readLog(dir);
      await stopChild(child);
      if (attempt < 3 && /address already in use/i.test(log)) continue;
      throw new Error(
        `Dovecot ${version} did not start (${started}).\n--- ${join(dir, 'dovecot.log')}:\n${log}`,
      );
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function findDovecot(binary?: string): string {
  // Non-root shells often lack /usr/sbin on PATH, where Debian installs it.
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const candidate of binary ? [binary] : dirs.map((d) => join(d, 'dovecot'))) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    `dovecot is not installed${binary ? ` at ${binary}` : ''}: install dovecot-imapd ` +
      '(.ci/run does; on Debian or Ubuntu: apt-get install --no-install-recommends dovecot-imapd)',
  );
}

async function prepareDir(dir: string, users: Record<string, string>): Promise<void> {
  const lines = Object.entries(users).map(([user, pass]) => {
    if (/[:\s]/.test(user)) throw new Error(`IMAP user "${user}": no ":" or spaces, please`);
    // Base64 so that a password may hold the file's ":" separator.
    return `${user}:{PLAIN.b64}${Buffer.from(pass).toString('base64')}::::::\n`;
  });
  // Dovecot's unprivileged processes (auth, mail) must reach into the directory.
  await chmod(dir, 0o755);
  await writeFile(join(dir, 'users'), lines.join(''), { mode: 0o644 });
  await mkdir(join(dir, 'mail'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'dovecot']);
    const { stdout: gid } = await run('id', ['-g', 'dovecot']);
    await chown(join(dir, 'mail'), Number(stdout), Number(gid));
  }
}

/** Not root: Dovecot's services all run as us (it cannot switch users or chroot). */
async function unprivileged(): Promise<{ user: string; group: string } | undefined> {
  if (process.getuid?.() === 0) return undefined;
  const { stdout } = await run('id', ['-gn']);
  return { user: userInfo().username, group: stdout.trim() };
}

async function selfSignedCert(dir: string): Promise<{ cert: string; key: string; pem: string }> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await run('openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...[
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    ...['-keyout', key, '-out', cert],
  ]);
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

/**
 * Dovecot runs in a process group of its own under a small shell that stops it when our end of
 * its stdin closes, which also happens when this process dies without calling stop() (even by
 * SIGKILL): no Dovecot outlives its test run. When this process is gone, the shell removes the
 * directory too.
 */
function launch(binary: string, dir: string): ChildProcess {
  // A background job's stdin is /dev/null: the watcher reads our pipe through fd 3.
  const script = `
exec 3<&0
"$1" -F -c "$2/dovecot.conf" 3<&- & pid=$!
{ read -r _ <&3; kill -TERM $pid 2>/dev/null; } &
wait $pid; status=$?
kill -0 $PPID 2>/dev/null || rm -rf "$2"
exit $status`;
  const child = spawn('sh', ['-c', script, 'sh', binary, dir], {
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: true,
  });
  child.stdin?.on('error', () => undefined);
  child.stderr?.setEncoding('utf8');
  // A test run that forgets stop() still ends (and the 'exit' hook then stops Dovecot).
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  return child;
}

async function waitUntilReady(
  child: ChildProcess,
  port: number,
  timeoutMs: number,
): Promise<true | string> {
  let stderr = '';
  child.stderr?.on('data', (s: string) => (stderr += s));
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) return `exit code ${child.exitCode}${stderr ? `: ${stderr}` : ''}`;
    // The first greeting may be "Waiting for authentication process": wait for "ready".
    if (await greeting('127.0.0.1', port, /^\* OK .*ready/m, 1_000)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return `nothing answered on port ${port} within ${timeoutMs} ms${stderr ? `: ${stderr}` : ''}`;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.ref(); // launch() unref'd it: keep this process alive until it is gone
  // A graceful stop takes Dovecot a second, and all its state is thrown away anyway: kill the
  // whole process group (the shell, Dovecot and every service it forked) at once.
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // ESRCH: nobody left in the group
  }
  await exited;
  // The shell may be reaped before the services it left to init: wait until none still runs
  // (init may take a second to reap them; a zombie holds nothing, so it does not count).
  for (let i = 0; i < 200 && running(child.pid!); i++) await new Promise((r) => setTimeout(r, 10));
}

/** Whether a process of this group is still alive (Linux: from /proc). */
function running(group: number): boolean {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return false;
  }
  return pids.some((pid) => {
    try {
      // "pid (comm) state ppid pgrp ...": comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === group && state !== 'Z';
    } catch {
      return false;
    }
  });
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'dovecot.log'), 'utf8');
  } catch {
    return '(no log written)';
  }
}

function handle(
  dir: string,
  child: ChildProcess,
  port: number,
  users: Record<string, string>,
  tls: { port: number; ca: string } | undefined,
): Dovecot {
  const host = '127.0.0.1';
  const first = Object.keys(users)[0];
  const password = (user: string) => {
    const pass = users[user];
    if (pass === undefined)
      throw new Error(`no IMAP user ${user} (users: ${Object.keys(users).join(', ')})`);
    return pass;
  };
  // A test that forgets stop(): at least no Dovecot and no directory once the process exits.
  const onExit = () => {
    child.stdin?.end();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;

  const connect = async (user = first) => {
    // Loaded here: every test suite imports this package, few of them speak IMAP.
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host,
      port,
      secure: false,
      auth: { user, pass: password(user) },
      logger: false,
      disableAutoIdle: true,
      // With `tls: true` Dovecot offers STARTTLS here too, and imapflow takes it.
      tls: tls ? { ca: [tls.ca] } : undefined,
    });
    await client.connect();
    return client;
  };

  return {
    dir,
    host,
    port,
    tls,
    users,
    url: (user = first, mailbox = 'INBOX') =>
      `imap://${encodeURIComponent(user)}:${encodeURIComponent(password(user))}@${host}:${port}/${encodeURIComponent(mailbox)}`,
    connect,
    async append(user, raw, mailbox = 'INBOX', flags = []) {
      const client = await connect(user);
      try {
        // imapflow's CREATE is a no-op for a mailbox that exists.
        if (mailbox.toUpperCase() !== 'INBOX') await client.mailboxCreate(mailbox);
        const res = await client.append(mailbox, raw, flags);
        return res ? res.uid : undefined;
      } finally {
        await client.logout();
      }
    },
    async messages(user, mailbox = 'INBOX') {
      const client = await connect(user);
      try {
        const box = await client.mailboxOpen(mailbox, { readOnly: true });
        if (!box.exists) return [];
        const all = await client.fetchAll('1:*', { uid: true, flags: true, source: true });
        return all.map((m) => ({
          uid: m.uid,
          // \Recent only says which session saw a message first: noise in an assertion.
          flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent'),
          raw: m.source ?? Buffer.alloc(0),
        }));
      } finally {
        await client.logout();
      }
    },
    log: () => readLog(dir),
    stop() {
      stopping ??= (async () => {
        process.removeListener('exit', onExit);
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
