import { Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import type { EmailState } from '../state/email-state.js';
import type { MailIntake } from './mail-intake.service.js';

/**
 * Reads one IMAP mailbox: everything after the last UID it handed over (kept in the plugin's
 * key-value bucket, moved only once a mail is safely with the hub, so a restart neither
 * re-imports nor skips a mail), then waits with IDLE for new ones, polling where the server has
 * no IDLE. A mail it cannot read is quarantined and passed; one the hub cannot take yet stops
 * the round, to be taken again after a reconnect.
 */
export class ImapMailbox {
  private readonly log: Logger;
  private readonly label: string;
  private client: ImapFlow | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** New mail was announced; kept until the next wait, so an announcement mid-fetch is not lost. */
  private announced = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly url: URL,
    private readonly intake: MailIntake,
    private readonly state: EmailState,
    private readonly pollMs: number,
  ) {
    this.label = `${decodeURIComponent(url.username)}@${url.host}/${this.path}`;
    this.log = new Logger(`IMAP ${this.label}`);
  }

  private get path(): string {
    return decodeURIComponent(this.url.pathname.replace(/^\//, '')) || 'INBOX';
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.client?.logout().catch(() => this.client?.close());
    await this.loop;
  }

  private async run(): Promise<void> {
    for (let backoff = 1_000; !this.stopped; backoff = Math.min(backoff * 2, 60_000)) {
      try {
        await this.session();
        backoff = 1_000;
      } catch (err) {
        if (this.stopped) return;
        this.log.warn(`${(err as Error).message}; reconnecting in ${backoff / 1000} s`);
      }
      if (!this.stopped) await this.sleep(backoff);
    }
  }

  /** One connection: read what is new, then wait for more, until it drops or we stop. */
  private async session(): Promise<void> {
    const client = new ImapFlow({
      host: this.url.hostname,
      port: Number(this.url.port) || (this.url.protocol === 'imaps:' ? 993 : 143),
      secure: this.url.protocol === 'imaps:',
      auth: {
        user: decodeURIComponent(this.url.username),
        pass: decodeURIComponent(this.url.password),
      },
      logger: false,
      // Enter IDLE one second after the last command (not 15 s): new mail is seen at once.
      ...({ autoIdleDelay: 1_000 } as object),
    });
    this.client = client;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (err: Error) => this.log.warn(`connection error: ${err.message}`));
    client.on('exists', () => {
      this.announced = true;
      this.wake?.();
    });
    await client.connect();
    try {
      const mailbox = await client.mailboxOpen(this.path);
      const idle = client.capabilities.has('IDLE');
      this.log.log(`watching (${idle ? 'IDLE' : `polling every ${this.pollMs / 1000} s`})`);
      while (!this.stopped && client.usable) {
        this.announced = false;
        await this.takeNew(client, String(mailbox.uidValidity));
        // IDLE runs by itself while the connection is quiet and says `exists` on new mail; the
        // timer is the poll where there is no IDLE, and a safety net where there is.
        await Promise.race([this.sleep(this.pollMs), closed]);
      }
    } finally {
      if (client.usable) await client.logout().catch(() => client.close());
    }
  }

  private async takeNew(client: ImapFlow, uidValidity: string): Promise<void> {
    let pos = await this.state.position(this.label);
    if (!pos || pos.uidValidity !== uidValidity) {
      if (pos)
        this.log.warn('UIDVALIDITY changed: reading the mailbox again (the hub drops what it has)');
      pos = { uidValidity, lastUid: 0 };
    }
    const taken: number[] = [];
    // `n:*` also yields the newest mail when it is below n: the uid check skips it.
    for await (const msg of client.fetch(
      `${pos.lastUid + 1}:*`,
      { uid: true, source: true, internalDate: true },
      { uid: true },
    )) {
      if (msg.uid <= pos.lastUid || !msg.source) continue;
      const received = msg.internalDate instanceof Date ? msg.internalDate : new Date();
      await this.intake.receive(msg.source, `imap ${this.label} uid ${msg.uid}`, received);
      pos = { uidValidity, lastUid: msg.uid };
      await this.state.savePosition(this.label, pos);
      taken.push(msg.uid);
    }
    if (taken.length) {
      await client.messageFlagsAdd(taken, ['\\Seen'], { uid: true }).catch(() => undefined);
      this.log.log(`took ${taken.length} mail(s)`);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.announced || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}
