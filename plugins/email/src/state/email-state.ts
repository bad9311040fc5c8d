import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';

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

const MAX_REFERENCES = 30; // long threads: the first and the latest ids are what clients use

/**
 * The plugin's state, in one JetStream key-value bucket all its replicas share: case threads,
 * which mails went out (a retry after a crash does not send twice) and mailbox positions.
 */
export class EmailState {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, stream: string): Promise<EmailState> {
    return new EmailState(await new Kvm(nc).create(`casehub_email_${stream}`, { history: 1 }));
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
   * Read-modify-write with compare-and-set, so that two replicas never lose each other's ids.
   * With `known` (what the caller just read) the first try skips the read.
   */
  async updateThread(
    caseId: string,
    change: (t: CaseThread) => CaseThread,
    known?: ThreadEntry | null,
  ): Promise<CaseThread> {
    const key = `thread.${caseId}`;
    let entry = known === undefined ? await this.threadEntry(caseId) : known;
    for (;;) {
      const next = change(entry?.thread ?? { references: [], acknowledge: false });
      next.references = trimReferences(next.references);
      try {
        if (entry) await this.kv.update(key, JSON.stringify(next), entry.revision);
        else await this.kv.create(key, JSON.stringify(next));
        return next;
      } catch (err) {
        if (!/wrong last sequence|key exists/i.test((err as Error).message)) throw err;
        entry = await this.threadEntry(caseId); // another replica wrote in between: again
      }
    }
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
