import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import {
  formatProgress,
  parseProgress,
  progressAfter,
  type CaseProgress,
} from './case-progress.js';

/** A case's progress as read, with the key's revision to write it back with compare-and-set. */
export interface CaseRead {
  progress: CaseProgress | null;
  revision: number;
}

/**
 * The plugin's shared memory, in a JetStream key-value bucket all its replicas use:
 * - how far it has got in each case and which of its events it handled (`c.<case id>`, see
 *   CaseProgress), so replicas keep a case's events in order and a redelivery is acknowledged,
 *   not redone: one read and one write per event;
 * - handled events that carry no case sequence, or that fall in a range only they can tell
 *   (`e.<event id>`).
 */
export class Inbox {
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

  /** The case's progress (null when the plugin has not seen the case). */
  async read(caseId: string): Promise<CaseRead> {
    const e = await this.kv.get(`c.${token(caseId)}`);
    if (!e || e.operation !== 'PUT') return { progress: null, revision: e?.revision ?? 0 };
    return { progress: parseProgress(e.string()), revision: e.revision };
  }

  /**
   * Records that `sequence` is done in this case (`handled`: its handler succeeded), with one
   * compare-and-set against what `known` read; when another replica wrote meanwhile, reads
   * again and applies the change to that (never moves a case backwards).
   */
  async complete(
    caseId: string,
    sequence: number,
    handled: boolean,
    known?: CaseRead,
  ): Promise<void> {
    const key = `c.${token(caseId)}`;
    let current = known ?? (await this.read(caseId));
    for (let i = 0; ; i++) {
      const before = current.progress;
      const next = progressAfter(before, sequence, handled);
      if (before && formatProgress(before) === formatProgress(next)) return;
      try {
        if (before) await this.kv.update(key, formatProgress(next), current.revision);
        else await this.kv.create(key, formatProgress(next));
        return;
      } catch (err) {
        if (i >= 20) throw err;
        current = await this.read(caseId); // another replica (or a purge) changed it: again
      }
    }
  }
}

/** KV key tokens allow letters, digits, - _ =; ids are UUIDs, but be safe with any id. */
function token(id: string): string {
  return /^[A-Za-z0-9_=-]+$/.test(id) ? id : Buffer.from(id).toString('base64url');
}

export function inboxBucket(stream: string, plugin: string): string {
  return `casehub_inbox_${stream}_${plugin}`;
}
