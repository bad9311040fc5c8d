import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { JetStreamPublishError, StreamPublisher } from '@casehub/plugin-sdk';

/** What the plugin knows of a case's email thread. */
export interface CaseThread {
  /** Message-IDs of the thread, oldest first: a reply's References. */
  references: string[];
  /** The case was opened by a customer's mail that has not been acknowledged yet. */
  acknowledge: boolean;
}

/** Where an IMAP mailbox was read up to: a restart neither re-imports nor skips a mail. */
export interface MailboxPosition {
  uidValidity: string;
  lastUid: number;
}

export interface ThreadEntry {
  thread: CaseThread;
  revision: number;
}

/** The case event a thread is read for: its `sequence`, and whether it is its first delivery. */
export interface ThreadReader {
  sequence?: number;
  firstDelivery: boolean;
}

const MAX_REFERENCES = 30; // long threads: the first and the latest ids are what clients use
/** Threads this process wrote last, kept to spare a read (the most recent cases only). */
const MAX_CACHED_THREADS = 10_000;

/**
 * The plugin's state, in one JetStream key-value bucket all its replicas share: case threads,
 * which mails went out (a retry after a crash does not send twice) and mailbox positions.
 */
export class EmailState {
  /**
   * Per case, the thread as this process last wrote it, and the sequence of the event that
   * wrote it. A write from it needs no read first: compare-and-set fails if it is stale.
   */
  private readonly written = new Map<string, ThreadEntry & { sequence?: number }>();

  private constructor(
    private readonly kv: KV,
    private readonly bucket: string,
    /** Threads' compare-and-sets, over one reply subscription (a request each costs more). */
    private readonly publisher: StreamPublisher,
  ) {}

  static async open(nc: NatsConnection, stream: string): Promise<EmailState> {
    const bucket = `casehub_email_${stream}`;
    const kv = await new Kvm(nc).create(bucket, { history: 1 });
    return new EmailState(kv, bucket, new StreamPublisher(nc));
  }

  async thread(caseId: string): Promise<CaseThread | null> {
    return (await this.threadEntry(caseId))?.thread ?? null;
  }

  /** The thread with its revision, for an update that needs no second read. */
  async threadEntry(caseId: string): Promise<ThreadEntry | null> {
    const e = await this.kv.get(`thread.${caseId}`);
    return e && e.operation === 'PUT'
      ? { thread: e.json<CaseThread>(), revision: e.revision }
      : null;
  }

  /**
   * The thread as the case's event `by` must see it. Only events of the case write its thread,
   * one after the other in the case's order; so when this process wrote it for the event just
   * before, and `by` is delivered for the first time (no replica had it before), nobody wrote
   * it since: no read. Otherwise, read.
   */
  async threadEntryFor(caseId: string, by: ThreadReader): Promise<ThreadEntry | null> {
    const mine = this.written.get(caseId);
    const fresh =
      mine?.sequence !== undefined &&
      by.sequence !== undefined &&
      by.firstDelivery &&
      mine.sequence === by.sequence - 1;
    return fresh ? mine : this.threadEntry(caseId);
  }

  /**
   * Read-modify-write with compare-and-set, so that two replicas never lose each other's ids.
   * With `known` (what the caller just read), or the thread as this process last wrote it, the
   * first try skips the read. `sequence`: the case's event that writes it.
   */
  async updateThread(
    caseId: string,
    change: (t: CaseThread) => CaseThread,
    known?: ThreadEntry | null,
    sequence?: number,
  ): Promise<CaseThread> {
    const key = `thread.${caseId}`;
    let entry =
      known === undefined ? (this.written.get(caseId) ?? (await this.threadEntry(caseId))) : known;
    let last = entry?.revision ?? 0; // the key's last revision: 0 when never written
    for (;;) {
      const next = change(entry?.thread ?? { references: [], acknowledge: false });
      next.references = trimReferences(next.references);
      try {
        const revision = await this.publisher.compareAndSet(
          this.bucket,
          key,
          JSON.stringify(next),
          last,
        );
        this.remember(caseId, { thread: next, revision, sequence });
        return next;
      } catch (err) {
        const lost =
          err instanceof JetStreamPublishError &&
          err.code === JetStreamPublishError.WRONG_LAST_SEQUENCE;
        if (!lost) throw err;
        this.written.delete(caseId);
        // Another replica wrote in between (or the key was deleted): again, from what is there.
        const e = await this.kv.get(key);
        entry =
          e?.operation === 'PUT' ? { thread: e.json<CaseThread>(), revision: e.revision } : null;
        last = e?.revision ?? 0;
      }
    }
  }

  private remember(caseId: string, entry: ThreadEntry & { sequence?: number }): void {
    this.written.delete(caseId); // re-inserted last: the Map's order is least recently used first
    this.written.set(caseId, entry);
    if (this.written.size > MAX_CACHED_THREADS)
      this.written.delete(this.written.keys().next().value!);
  }

  async wasSent(messageId: string): Promise<boolean> {
    return (await this.kv.get(`sent.${hash(messageId)}`)) !== null;
  }

  async markSent(messageId: string): Promise<void> {
    await this.kv.put(`sent.${hash(messageId)}`, new Date().toISOString());
  }

  /** A mail to many (list, newsletter) that opens a case gets no acknowledgement. */
  async markBulk(providerMessageId: string): Promise<void> {
    await this.kv.put(`bulk.${hash(providerMessageId)}`, '1');
  }

  async isBulk(providerMessageId: string): Promise<boolean> {
    return (await this.kv.get(`bulk.${hash(providerMessageId)}`)) !== null;
  }

  async position(mailbox: string): Promise<MailboxPosition | null> {
    const e = await this.kv.get(`imap.${hash(mailbox)}`);
    return e && e.operation === 'PUT' ? e.json<MailboxPosition>() : null;
  }

  async savePosition(mailbox: string, p: MailboxPosition): Promise<void> {
    await this.kv.put(`imap.${hash(mailbox)}`, JSON.stringify(p));
  }
}

function trimReferences(ids: string[]): string[] {
  const unique = ids.filter((id, i) => ids.indexOf(id) === i);
  return unique.length <= MAX_REFERENCES
    ? unique
    : [unique[0], ...unique.slice(unique.length - MAX_REFERENCES + 1)];
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}
