/**
 * The SMTP sink of `pnpm bench:email`: a real SMTP server (smtp-server, as the email plugin's own
 * listener uses) that accepts every mail and keeps nothing but counts. It never parses a mail:
 * it reads the Message-ID header line out of the first 4 KB (to tell duplicates), counts the
 * bytes and notes the time the mail was accepted. No TLS, no AUTH, no reverse DNS lookup.
 *
 * It runs in the orchestrator (`inline`) or in a process of its own (`process`, the default):
 * see BENCH_EMAIL_SINK in email-settings.ts for why.
 */
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { wallMs } from './clock.js';

export interface SinkSnapshot {
  count: number;
  bytes: number;
  /** Mails whose Message-ID had been seen before (since the last reset). */
  duplicates: number;
  /** Mails without a Message-ID header. */
  withoutId: number;
  /** Message-IDs seen, when asked for. */
  ids?: string[];
}

const MESSAGE_ID = /^Message-ID:[ \t]*(?:\r\n[ \t]+)?(<[^>\r\n]+>)/im;

export class CountingSink {
  private readonly server: SMTPServer;
  private count = 0;
  private bytes = 0;
  private duplicates = 0;
  private withoutId = 0;
  private ids = new Set<string>();
  private arrivals: number[] = [];
  private waiters: { n: number; resolve: (at: number) => void }[] = [];
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      name: 'sink.bench',
      banner: 'CaseHub bench sink',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      closeTimeout: 1_000,
      onData: (stream, _session, callback) => this.take(stream, callback),
    });
    this.server.on('error', (err) => process.stderr.write(`sink: ${err.message}\n`));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
    return this.port;
  }

  private take(stream: SMTPServerDataStream, callback: (err?: Error | null) => void): void {
    let bytes = 0;
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
      bytes += chunk.length;
    });
    stream.on('end', () => {
      const at = wallMs();
      this.count++;
      this.bytes += bytes;
      const id = MESSAGE_ID.exec(head)?.[1];
      if (!id) this.withoutId++;
      else if (this.ids.has(id)) this.duplicates++;
      else this.ids.add(id);
      this.arrivals.push(at);
      callback();
      for (const w of this.waiters.filter((x) => this.count >= x.n)) {
        w.resolve(this.arrivals[w.n - 1]);
      }
      this.waiters = this.waiters.filter((x) => this.count < x.n);
    });
  }

  reset(): void {
    this.count = this.bytes = this.duplicates = this.withoutId = 0;
    this.ids = new Set();
    this.arrivals = [];
  }

  /** The (wall-clock) time the n-th mail since the last reset was accepted. */
  waitFor(n: number, timeoutMs: number): Promise<number> {
    if (this.count >= n) return Promise.resolve(this.arrivals[n - 1]);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`the sink got ${this.count} of ${n} mails in ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const done = (at: number) => {
        clearTimeout(t);
        resolve(at);
      };
      this.waiters.push({ n, resolve: done });
    });
  }

  snapshot(withIds = false): SinkSnapshot {
    return {
      count: this.count,
      bytes: this.bytes,
      duplicates: this.duplicates,
      withoutId: this.withoutId,
      ...(withIds ? { ids: [...this.ids] } : {}),
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
