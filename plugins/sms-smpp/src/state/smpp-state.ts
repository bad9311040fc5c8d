import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import { JetStreamPublishError, StreamPublisher } from '@casehub/plugin-sdk';

/** What the SMSC said about one part of a sent text. */
export interface PartReceipt {
  /** `DELIVRD`, `UNDELIV`, `REJECTD`, `EXPIRED`, `DELETED`, … */
  stat: string;
  err: string;
}

/** One `submit_sm` of a text: what the SMSC answered and, later, what its receipt said. */
export interface PartRecord {
  /** The SMSC's message id from `submit_sm_resp`: set once the SMSC took the part. */
  smscId: string | null;
  /**
   * Submitted, no answer recorded yet. Found so after a crash, the part is submitted again: an
   * answer that was lost with the process cannot be told from a submit that never arrived.
   */
  sending: boolean;
  receipt: PartReceipt | null;
}

/** A text to send: a reply, a survey invitation or the answer to HELP, and how far it got. */
export interface OutboundJob {
  /** The CaseHub message id of a reply, `survey-<id>` or `help-<hash>`. */
  id: string;
  kind: 'reply' | 'survey' | 'help';
  /** The reply to report on (null for invitations and help texts). */
  messageId: string | null;
  /** E.164. */
  to: string;
  text: string;
  /** The concatenation reference every part carries, the same on every resubmit. */
  ref: number;
  queuedAt: string;
  state: 'queued' | 'submitted' | 'failed';
  parts: PartRecord[];
  /** The last status reported to the core. */
  reported: 'sent' | 'delivered' | 'failed' | null;
  error: string | null;
}

export interface JobEntry {
  job: OutboundJob;
  revision: number;
}

/** Where a SMSC message id belongs. */
export interface PartRef {
  job: string;
  part: number;
}

/** One part of a customer's concatenated text, kept until the whole text is stored. */
export interface HeldPart {
  from: string;
  to: string;
  ref: number;
  total: number;
  seq: number;
  dataCoding: number;
  payload: string; // base64
  at: number;
}

/** Jobs whose last written state this replica remembers (it wrote or read it last). */
const MAX_KNOWN_JOBS = 20_000;

/**
 * The plugin's state in one JetStream key-value bucket all its replicas share: the bind lease,
 * the texts to send and their parts' SMSC ids (so a crash or a lost connection sends nothing
 * twice and loses nothing), the receipts' index, and customers' text parts not yet complete.
 *
 * A text costs a handful of writes and, on the replica that queued or last wrote it, no read:
 * writes go out pipelined through the SDK's StreamPublisher (a publish and a map entry each,
 * where the KV client's request machinery cost several times that, see README "Throughput"),
 * and each job's last state and revision are remembered. Every job write is a compare-and-set
 * on that revision, so a state another replica wrote since is read again, never overwritten.
 */
export class SmppState {
  private readonly known = new Map<string, JobEntry>();

  private constructor(
    readonly kv: KV,
    readonly bucket: string,
    private readonly writer: StreamPublisher,
  ) {}

  static async open(nc: NatsConnection, stream: string): Promise<SmppState> {
    const bucket = `casehub_smpp_${stream}`;
    // Receipts may come days later; texts nobody could send for 30 days are given up.
    const kv = await new Kvm(nc).create(bucket, { history: 1, ttl: 30 * 24 * 3_600_000 });
    return new SmppState(kv, bucket, new StreamPublisher(nc));
  }

  /**
   * Queues a text to send, once per id: the bind holder sends what is queued, in order. A job
   * known already is left as it is (queued again only if it was never finished). The job and
   * its queue entry go out together: the stream stores them in that order, so the holder never
   * sees the entry before the job.
   */
  async enqueue(job: OutboundJob): Promise<'queued' | 'known'> {
    const created = this.casJob(job, 0);
    const todo = this.put(`todo.${job.id}`, job.id);
    try {
      await created;
    } catch (err) {
      await todo;
      if (!isLostRace(err)) throw err;
      const known = await this.read(job.id);
      if (!known) throw err;
      // Finished already: the holder drops the entry again (dispatch finds it so).
      return 'known';
    }
    await todo;
    return 'queued';
  }

  /** The job as this replica last wrote or read it, else as stored. */
  async job(id: string): Promise<JobEntry | null> {
    return this.known.get(id) ?? this.read(id);
  }

  /** Read-change-write with compare-and-set; `change` returns null to leave the job as it is. */
  async updateJob(
    id: string,
    change: (job: OutboundJob) => OutboundJob | null,
  ): Promise<OutboundJob | null> {
    let entry = await this.job(id);
    for (let attempt = 0; ; attempt++) {
      if (!entry) return null;
      const next = change(entry.job);
      if (!next) return entry.job;
      try {
        await this.casJob(next, entry.revision);
        return next;
      } catch (err) {
        if (!isLostRace(err) || attempt >= 5) throw err;
        entry = await this.read(id); // another replica wrote it since: start from theirs
      }
    }
  }

  /** The job needs no more submits. */
  async done(id: string): Promise<void> {
    await this.writer.publish({
      subject: this.subject(`todo.${id}`),
      payload: '',
      headers: { 'KV-Operation': 'DEL' },
    });
  }

  /** Writes `value` to `key` whatever was there. */
  private async put(key: string, value: string): Promise<void> {
    await this.writer.publish({ subject: this.subject(key), payload: value });
  }

  private async casJob(job: OutboundJob, revision: number): Promise<void> {
    try {
      const seq = await this.writer.compareAndSet(
        this.bucket,
        `out.${job.id}`,
        JSON.stringify(job),
        revision,
      );
      this.remember(job.id, { job, revision: seq });
    } catch (err) {
      this.known.delete(job.id);
      throw err;
    }
  }

  private async read(id: string): Promise<JobEntry | null> {
    const e = await this.kv.get(`out.${id}`);
    if (!e || e.operation !== 'PUT') return null;
    const entry = { job: e.json<OutboundJob>(), revision: e.revision };
    this.remember(id, entry);
    return entry;
  }

  private remember(id: string, entry: JobEntry): void {
    if (this.known.size >= MAX_KNOWN_JOBS && !this.known.has(id)) {
      // The oldest first: a Map iterates in insertion order.
      this.known.delete(this.known.keys().next().value!);
    }
    this.known.delete(id);
    this.known.set(id, entry);
  }

  private subject(key: string): string {
    return `$KV.${this.bucket}.${key}`;
  }

  /** The queued jobs' ids, oldest first, and every one queued after (until `stop`). */
  async watchQueue(onJob: (id: string) => void): Promise<() => void> {
    const updates = await this.kv.watch({ key: 'todo.>' });
    void (async () => {
      for await (const e of updates) if (e.operation === 'PUT') onJob(e.string());
    })().catch(() => undefined);
    return () => updates.stop();
  }

  /** Remembers which job and part a SMSC message id is, in the forms receipts may quote it. */
  async indexSmscId(smscId: string, ref: PartRef): Promise<void> {
    const value = JSON.stringify(ref);
    const decimal = hexToDecimal(smscId);
    await Promise.all([
      this.put(`id.${idKey(smscId)}`, value),
      decimal !== null ? this.put(`idx.${idKey(decimal)}`, value) : undefined,
    ]);
  }

  /**
   * The part a receipt's message id names: as given first; then, for a decimal id, as the
   * decimal reading of a hex id from `submit_sm_resp` (SMSCs that answer in hex and report in
   * decimal).
   */
  async findSmscId(receiptId: string): Promise<PartRef | null> {
    const exact = await this.kv.get(`id.${idKey(receiptId)}`);
    if (exact?.operation === 'PUT') return exact.json<PartRef>();
    if (!/^\d+$/.test(receiptId.trim())) return null;
    const converted = await this.kv.get(`idx.${idKey(receiptId)}`);
    return converted?.operation === 'PUT' ? converted.json<PartRef>() : null;
  }

  async holdPart(key: string, part: HeldPart): Promise<void> {
    await this.kv.put(`in.${key}.${part.seq}`, JSON.stringify(part));
  }

  /** Every kept part, or those of one text (`key`). */
  async heldParts(key?: string): Promise<HeldPart[]> {
    const out: HeldPart[] = [];
    for await (const k of await this.kv.keys(key ? `in.${key}.*` : 'in.>')) {
      const e = await this.kv.get(k);
      if (e?.operation === 'PUT') out.push(e.json<HeldPart>());
    }
    return out;
  }

  async releaseParts(key: string, total: number): Promise<void> {
    for (let seq = 1; seq <= total; seq++) await this.kv.delete(`in.${key}.${seq}`);
  }

  /** The providerMessageId given to an inbound text with this fingerprint lately, if any. */
  async seen(fingerprint: string): Promise<{ id: string; at: number } | null> {
    const e: KvEntry | null = await this.kv.get(`seen.${fingerprint}`);
    return e?.operation === 'PUT' ? e.json<{ id: string; at: number }>() : null;
  }

  async markSeen(fingerprint: string, id: string, at: number): Promise<void> {
    await this.kv.put(`seen.${fingerprint}`, JSON.stringify({ id, at }));
  }
}

/** Another replica (or an earlier try) wrote the key first. */
function isLostRace(err: unknown): boolean {
  return (
    err instanceof JetStreamPublishError && err.code === JetStreamPublishError.WRONG_LAST_SEQUENCE
  );
}

/** A SMSC message id in the form receipts are matched by: trimmed, lower case, no leading zeros. */
export function normalizeSmscId(id: string): string {
  const t = id.trim().toLowerCase();
  return /^[0-9a-f]+$/.test(t) ? t.replace(/^0+(?=.)/, '') : t;
}

/** The decimal reading of a hex id (`1a2b` → `6699`), or null when it is not hex. */
export function hexToDecimal(id: string): string | null {
  const t = normalizeSmscId(id);
  if (!/^[0-9a-f]{1,32}$/.test(t)) return null;
  return BigInt(`0x${t}`).toString(10);
}

function idKey(id: string): string {
  const n = normalizeSmscId(id);
  return /^[a-z0-9_-]{1,200}$/.test(n)
    ? `r${n}`
    : `h${createHash('sha256').update(n).digest('hex')}`;
}
