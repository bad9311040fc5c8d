import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';

/**
 * The plugin's shared memory, in a JetStream key-value bucket all its replicas use:
 * - which events it has handled (`e.<event id>`), so a redelivery is acknowledged, not redone;
 * - how far it has got in each case (`c.<case id>` = the last handled `sequence`), so replicas
 *   keep a case's events in order between them.
 */
export class Inbox {
  /**
   * The revision of each case's key as this process last read or wrote it (most recent cases
   * only), so advancing a case is one compare-and-set instead of a read and a write.
   */
  private readonly revisions = new Map<string, { sequence: number; revision: number }>();

  private constructor(private readonly kv: KV) {}

  /** One bucket per stream and plugin: the same plugin on another stream remembers apart. */
  static async open(
    nc: NatsConnection,
    stream: string,
    plugin: string,
    ttlMs: number,
  ): Promise<Inbox> {
    const kv = await new Kvm(nc).create(inboxBucket(stream, plugin), { ttl: ttlMs, history: 1 });
    return new Inbox(kv);
  }

  async has(eventId: string): Promise<boolean> {
    const e = await this.kv.get(`e.${token(eventId)}`);
    return e !== null && e.operation === 'PUT';
  }

  async remember(eventId: string): Promise<void> {
    await this.kv.put(`e.${token(eventId)}`, new Date().toISOString());
  }

  /** The last sequence handled in this case, or null when the plugin has not seen the case. */
  async lastSequence(caseId: string): Promise<number | null> {
    const key = `c.${token(caseId)}`;
    const e = await this.kv.get(key);
    if (!e || e.operation !== 'PUT') return null;
    this.note(key, Number(e.string()), e.revision);
    return Number(e.string());
  }

  /** Records that `sequence` is done in this case (never moves backwards; safe under races). */
  async advance(caseId: string, sequence: number): Promise<void> {
    const key = `c.${token(caseId)}`;
    const known = this.revisions.get(key);
    if (!known || known.sequence < sequence) {
      // Without a read: the write fails if another replica (or a purge) changed the key since.
      try {
        const revision = known
          ? await this.kv.update(key, String(sequence), known.revision)
          : await this.kv.create(key, String(sequence));
        return this.note(key, sequence, revision);
      } catch {
        /* read it below */
      }
    }
    for (let i = 0; i < 20; i++) {
      const e = await this.kv.get(key);
      try {
        if (!e || e.operation !== 'PUT') {
          this.note(key, sequence, await this.kv.create(key, String(sequence)));
        } else if (Number(e.string()) < sequence) {
          this.note(key, sequence, await this.kv.update(key, String(sequence), e.revision));
        } else {
          this.note(key, Number(e.string()), e.revision);
        }
        return;
      } catch {
        /* another replica wrote first: read again */
      }
    }
  }

  private note(key: string, sequence: number, revision: number): void {
    this.revisions.delete(key); // re-inserted last: the Map's order is least recently used first
    this.revisions.set(key, { sequence, revision });
    if (this.revisions.size > MAX_REMEMBERED_CASES)
      this.revisions.delete(this.revisions.keys().next().value!);
  }
}

const MAX_REMEMBERED_CASES = 10_000;

/** KV key tokens allow letters, digits, - _ =; ids are UUIDs, but be safe with any id. */
function token(id: string): string {
  return /^[A-Za-z0-9_=-]+$/.test(id) ? id : Buffer.from(id).toString('base64url');
}

export function inboxBucket(stream: string, plugin: string): string {
  return `casehub_inbox_${stream}_${plugin}`;
}
