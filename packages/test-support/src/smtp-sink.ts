import { randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { SMTPServer } from 'smtp-server';
import { freePort } from './net.js';

/** An SMTP reply: `code` 4xx is a transient failure (retry later), 5xx a permanent one. */
export interface SmtpReply {
  code: number;
  message: string;
}

export interface SmtpSinkOptions {
  /** Require AUTH with these credentials (otherwise AUTH is optional and any login is accepted). */
  auth?: { user: string; pass: string };
  /** Recipient (any case) → the reply to its RCPT TO. */
  reject?: Record<string, SmtpReply>;
  /** The reply at the end of DATA instead of accepting the message (e.g. 554 content rejected). */
  rejectData?: SmtpReply;
  /** Wait this long before answering the end of DATA: a slow server (a client timeout). */
  delayMs?: number;
  /** A fixed port (default: a free one). */
  port?: number;
}

export interface ReceivedMail {
  envelope: { from: string | false; to: string[] };
  /** The user that logged in, if any. */
  user?: string;
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** `smtp://127.0.0.1:port` (with `user:pass@` when `auth` is set). */
  url: string;
  /** Every accepted message, in arrival order. */
  messages: ReceivedMail[];
  /** Live: change it between sends. */
  reject: Record<string, SmtpReply>;
  rejectData: SmtpReply | undefined;
  delayMs: number;
  /** Resolves once `n` messages have arrived (all of them), or throws after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Listens again on the same port after stop(): an outage and its end. */
  start(): Promise<void>;
  /** Drops open connections and stops listening; safe to call twice. */
  stop(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that keeps what it is sent, for tests of outbound mail. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  // Loaded here: every test suite imports this package, few of them send mail.
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([
    import('smtp-server'),
    import('mailparser'),
  ]);
  const host = '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const waiters = new Set<() => void>();
  let server: SMTPServer | undefined;

  const sink: SmtpSink = {
    host,
    port,
    url: options.auth
      ? `smtp://${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@${host}:${port}`
      : `smtp://${host}:${port}`,
    messages: [],
    reject: { ...options.reject },
    rejectData: options.rejectData,
    delayMs: options.delayMs ?? 0,
    async waitFor(n, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (sink.messages.length < n) {
        const left = end - Date.now();
        if (left <= 0) {
          const got = sink.messages.map((m) => `${m.envelope.to.join(',')}: ${m.parsed.subject}`);
          throw new Error(
            `expected ${n} message(s) at ${sink.url} within ${timeoutMs} ms, got ${got.length}: ${JSON.stringify(got)}`,
          );
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(wake, left);
          function wake() {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          }
          waiters.add(wake);
        });
      }
      return sink.messages;
    },
    async start() {
      if (server) return;
      server = create();
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => {
          s.removeListener('error', reject);
          resolve();
        });
      });
      // Errors of single connections (a client hanging up) are not the test's concern.
      s.on('error', () => undefined);
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };

  function create(): SMTPServer {
    return new SMTPServer({
      name: 'smtp-sink.test',
      logger: false,
      disableReverseLookup: true, // a DNS query per connection only slows tests down
      disabledCommands: ['STARTTLS'],
      authOptional: !options.auth,
      allowInsecureAuth: true,
      // Connections still open at stop() are dropped at once: an outage, not a drain.
      closeTimeout: 10,
      onAuth(auth, _session, callback) {
        const want = options.auth;
        if (want && (auth.username !== want.user || auth.password !== want.pass)) {
          return callback(
            smtpError({ code: 535, message: '5.7.8 Authentication credentials invalid' }),
          );
        }
        callback(null, { user: auth.username });
      },
      onRcptTo(address, _session, callback) {
        const to = address.address.toLowerCase();
        const reply = Object.entries(sink.reject).find(([k]) => k.toLowerCase() === to)?.[1];
        callback(reply ? smtpError(reply) : null);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          void (async () => {
            if (sink.delayMs) await new Promise((r) => setTimeout(r, sink.delayMs));
            if (sink.rejectData) return callback(smtpError(sink.rejectData));
            const raw = Buffer.concat(chunks);
            sink.messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              user: typeof session.user === 'string' ? session.user : undefined,
              raw,
              parsed: await simpleParser(raw),
            });
            for (const wake of [...waiters]) wake();
            callback(null, `2.0.0 Ok: queued as ${randomBytes(5).toString('hex')}`);
          })();
        });
      },
    });
  }

  await sink.start();
  return sink;
}

function smtpError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}
