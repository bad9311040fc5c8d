import { Inject, Injectable, Logger } from '@nestjs/common';
import { concatUdh, type SmppParts } from '@casehub/channel-kit';
import { InboundPublisher, InjectPluginConfig } from '@casehub/plugin-sdk';
import type { SmsSmppConfig } from '../sms-smpp.config.js';
import { SmscLink, type LinkListener } from '../bind/smsc-link.js';
import { ConnectionLost, type SmppClient } from '../smpp/smpp-client.js';
import { field, type SmppPdu } from '../smpp/smpp-library.js';
import { describeStatus, submitVerdict } from '../smpp/command-status.js';
import { FAILED_STATS, type Receipt } from '../inbound/receipt.js';
import {
  hexToDecimal,
  normalizeSmscId,
  SmppState,
  type OutboundJob,
  type PartRef,
} from '../state/smpp-state.js';
import { encodeText } from './encoded-texts.js';
import { KeyedLock, Pacer, Window } from './pacing.js';

const RESP_TIMEOUT_MS = 30_000;
/** Tries of one part the SMSC refused with a fault that may pass (ESME_RSYSERR, …). */
const MAX_RETRIES = 5;
const MAX_REMEMBERED_IDS = 100_000;

/**
 * Sends the queued texts while this replica holds the bind: in the order they were queued, each
 * part a `submit_sm` (UDH and esm_class 0x40 when there are several), at most SMPP_WINDOW
 * unanswered and SMPP_THROUGHPUT a second. Each part's SMSC id is recorded as it is answered,
 * so a dropped connection or a new holder sends only the parts still unanswered. Reports `sent`
 * once every part is taken, then one final status from the receipts.
 */
@Injectable()
export class Submitter implements LinkListener {
  private readonly log = new Logger('SmppSubmit');
  private readonly window: Window;
  /** Texts being prepared (read, marked `sending`) at once: their state round trips overlap. */
  private readonly preparing: Window;
  private readonly pacer: Pacer;
  private readonly locks = new KeyedLock();
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly retries = new Map<string, number>();
  /** SMSC ids answered lately, by their normalised form and their decimal reading. */
  private readonly recent = new Map<string, PartRef>();
  private readonly recentDecimal = new Map<string, PartRef>();
  private client: SmppClient | null = null;
  private active = false;
  private running: Promise<void> | null = null;
  private stopWatch: (() => void) | null = null;
  private wakeUp: (() => void) | null = null;
  /** Settles once the text dispatched last has issued its submits: the next one's turn. */
  private lastTurn: Promise<void> = Promise.resolve();
  private readonly dispatching = new Set<string>();
  private readonly again = new Set<string>();

  constructor(
    @InjectPluginConfig() private readonly cfg: SmsSmppConfig,
    @Inject(SmscLink) link: SmscLink,
    @Inject(SmppState) private readonly state: SmppState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {
    this.window = new Window(cfg.window);
    this.preparing = new Window(cfg.window);
    this.pacer = new Pacer(cfg.throughput);
    link.listen(this);
  }

  /** Submits unanswered right now (tests check the window with it). */
  get unanswered(): number {
    return this.window.inFlight;
  }

  bound(client: SmppClient): void {
    this.client = client;
    this.wake();
    if (this.active) return;
    this.active = true;
    this.running = this.run();
    void this.state
      .watchQueue((id) => this.enqueue(id))
      .then((stop) => {
        if (this.active) this.stopWatch = stop;
        else stop();
      })
      .catch((err: unknown) => this.log.error(`cannot watch the queue: ${String(err)}`));
  }

  async leave(): Promise<void> {
    this.active = false;
    this.client = null;
    this.stopWatch?.();
    this.stopWatch = null;
    this.wake();
    // Answers to what is in flight still come on a connection being unbound politely; an SMSC
    // that gives none has 5 s before the connection goes (and the parts with it, to be sent again).
    const patience = new Promise((r) => setTimeout(r, 5_000).unref());
    await Promise.race([
      Promise.all([this.running, this.lastTurn, Promise.allSettled(this.inFlight.values())]),
      patience,
    ]);
    this.queue.length = 0;
    this.queued.clear();
  }

  /** A receipt from the SMSC: records it on its part; false when no part of ours has its id. */
  async receipt(r: Receipt): Promise<boolean> {
    const ref =
      this.recent.get(normalizeSmscId(r.id)) ??
      (/^\d+$/.test(r.id.trim()) ? this.recentDecimal.get(normalizeSmscId(r.id)) : undefined) ??
      (await this.state.findSmscId(r.id));
    if (!ref) return false;
    await this.locks.run(ref.job, async () => {
      let verdict: { status: 'delivered' | 'failed'; error: string | null } | null = null;
      const job = await this.state.updateJob(ref.job, (j) => {
        const parts = j.parts.map((p, i) =>
          i === ref.part ? { ...p, receipt: { stat: r.stat, err: r.err } } : p,
        );
        const next = { ...j, parts };
        verdict = verdictOf(next);
        if (!verdict || j.reported === 'failed' || j.reported === 'delivered') return next;
        return { ...next, reported: verdict.status, error: verdict.error };
      });
      const v = verdict as { status: 'delivered' | 'failed'; error: string | null } | null;
      if (job && v && job.reported === v.status) await this.report(job, v.status, v.error);
    });
    return true;
  }

  private enqueue(id: string, front = false): void {
    if (!this.active || this.queued.has(id)) return;
    this.queued.add(id);
    if (front) this.queue.unshift(id);
    else this.queue.push(id);
    this.wake();
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => (this.wakeUp = resolve));
  }

  /**
   * Takes the queue in order. Each text's state round trips (read it, mark its parts `sending`)
   * overlap with the next ones', up to SMPP_WINDOW texts; their submits still go out in queue
   * order, each text waiting for the one before it to have issued its own.
   */
  private async run(): Promise<void> {
    while (this.active) {
      const id = this.client && !this.client.closed ? this.queue.shift() : undefined;
      if (id === undefined) {
        await this.sleep();
        continue;
      }
      this.queued.delete(id);
      if (this.dispatching.has(id)) {
        this.again.add(id); // taken again once the dispatch in hand is over
        continue;
      }
      await this.preparing.acquire();
      this.dispatching.add(id);
      const turn = this.lastTurn;
      let myTurnOver!: () => void;
      this.lastTurn = new Promise((resolve) => (myTurnOver = resolve));
      void this.dispatch(id, turn)
        .catch((err: unknown) => {
          this.log.warn(`text ${id}: ${(err as Error).message}; trying again`);
          setTimeout(() => this.enqueue(id), 1_000).unref();
        })
        .finally(() => {
          // A text that had nothing to submit still hands the turn on only after its elders'.
          void turn.then(myTurnOver);
          this.preparing.release();
          this.dispatching.delete(id);
          if (this.again.delete(id)) this.enqueue(id);
        });
    }
  }

  /** Submits a job's parts that have no SMSC id yet (and are not in flight). */
  private async dispatch(id: string, turn: Promise<void>): Promise<void> {
    const entry = await this.state.job(id);
    if (!entry) return this.state.done(id);
    if (entry.job.state !== 'queued') return this.locks.run(id, () => this.settle(entry.job));
    let encoded: SmppParts;
    try {
      encoded = encodeText(entry.job.text);
    } catch (err) {
      return this.locks.run(id, () => this.fail(id, (err as Error).message));
    }
    const open = entry.job.parts
      .map((p, i) => (p.smscId === null && !this.inFlight.has(`${id}:${i}`) ? i : -1))
      .filter((i) => i >= 0);
    if (!open.length) {
      if (entry.job.parts.every((p) => p.smscId !== null))
        await this.locks.run(id, () => this.complete(id));
      return;
    }
    const again = open.filter((i) => entry.job.parts[i].sending);
    if (again.length && this.inFlight.size === 0)
      this.log.warn(
        `text ${id}: part(s) ${again.map((i) => i + 1).join(', ')} were submitted before without ` +
          'an answer on record; submitting again (the customer may get them twice)',
      );
    // Recorded before the submits: after a crash, the next holder knows they may have gone.
    await this.locks.run(id, () =>
      this.state.updateJob(id, (j) =>
        open.every((i) => j.parts[i].sending)
          ? null
          : {
              ...j,
              parts: j.parts.map((p, i) => (open.includes(i) ? { ...p, sending: true } : p)),
            },
      ),
    );
    await turn;
    for (const part of open) {
      await this.window.acquire();
      await this.pacer.turn();
      const client = this.client;
      if (!this.active || !client || client.closed) {
        this.window.release();
        this.enqueue(id, true);
        return;
      }
      this.submit(client, entry.job, encoded, part);
    }
  }

  private submit(client: SmppClient, job: OutboundJob, encoded: SmppParts, part: number): void {
    const key = `${job.id}:${part}`;
    const total = encoded.parts.length;
    const { addr, ton, npi } = this.cfg.source;
    let answered = false;
    const free = () => {
      if (answered) return;
      answered = true;
      this.window.release();
    };
    const work = client
      .request(
        'submit_sm',
        {
          service_type: '',
          source_addr_ton: ton,
          source_addr_npi: npi,
          source_addr: addr,
          dest_addr_ton: 1, // international
          dest_addr_npi: 1, // ISDN (E.164)
          destination_addr: job.to.replace(/^\+/, ''),
          esm_class: total > 1 ? 0x40 : 0x00,
          registered_delivery: 1,
          data_coding: encoded.dataCoding,
          short_message:
            total > 1
              ? Buffer.concat([concatUdh(job.ref, total, part + 1), encoded.parts[part]])
              : encoded.parts[part],
        },
        RESP_TIMEOUT_MS,
      )
      .then(
        (resp) => {
          free();
          return this.answered(job, part, total, resp);
        },
        (err: unknown) => {
          free();
          this.inFlight.delete(key);
          if (!(err instanceof ConnectionLost)) throw err;
          // No answer: the SMSC did not take it. Again, on the next connection (or holder).
          this.enqueue(job.id, true);
        },
      )
      .catch((err: unknown) => {
        this.log.error(`text ${job.id} part ${part + 1}: ${(err as Error).message}`);
        this.inFlight.delete(key);
        setTimeout(() => this.enqueue(job.id), 1_000).unref();
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
  }

  private async answered(job: OutboundJob, part: number, total: number, resp: SmppPdu) {
    const key = `${job.id}:${part}`;
    const status = resp.command_status;
    if (status === 0) {
      const smscId = field(resp, 'message_id').trim();
      this.pacer.ok();
      this.remember(smscId, { job: job.id, part });
      await this.locks.run(job.id, () => this.taken(job.id, part, smscId));
      this.inFlight.delete(key);
      return;
    }
    this.inFlight.delete(key);
    const why = `${describeStatus(status)} for part ${part + 1} of ${total}`;
    switch (submitVerdict(status)) {
      case 'slow-down': {
        const ms = this.pacer.slowDown();
        this.log.warn(`text ${job.id}: the SMSC answered ${why}; pausing ${ms} ms`);
        this.enqueue(job.id, true);
        return;
      }
      case 'retry': {
        const tries = (this.retries.get(key) ?? 0) + 1;
        this.retries.set(key, tries);
        if (tries < MAX_RETRIES) {
          this.log.warn(`text ${job.id}: the SMSC answered ${why}; trying again`);
          this.pacer.slowDown();
          this.enqueue(job.id, true);
          return;
        }
        this.retries.delete(key);
        await this.locks.run(job.id, () => this.fail(job.id, `the SMSC answered ${why}`));
        return;
      }
      case 'fail':
        await this.locks.run(job.id, () => this.fail(job.id, `the SMSC refused it: ${why}`));
    }
  }

  /**
   * The SMSC took a part: its id is recorded and indexed for receipts; with the last part the
   * text is sent, all in one write of the job (one status reported: `sent`, or what receipts
   * that came before the last answer already say). Runs under the job's lock.
   */
  private async taken(id: string, part: number, smscId: string): Promise<void> {
    let status: { status: 'sent' | 'delivered' | 'failed'; error: string | null } | null = null;
    const [next] = await Promise.all([
      this.state.updateJob(id, (j) => {
        status = null;
        const parts = j.parts.map((p, i) => (i === part ? { ...p, smscId, sending: false } : p));
        let n: OutboundJob = { ...j, parts };
        if (n.state === 'queued' && parts.every((p) => p.smscId !== null))
          n = { ...n, state: 'submitted' };
        if (n.state === 'submitted' && n.reported === null) {
          status = verdictOf(n) ?? { status: 'sent', error: null };
          n = { ...n, reported: status.status, error: status.error };
        }
        return n;
      }),
      this.state.indexSmscId(smscId, { job: id, part }),
    ]);
    if (next?.state !== 'submitted') return;
    const s = status as { status: 'sent' | 'delivered' | 'failed'; error: string | null } | null;
    await Promise.all([s && this.report(next, s.status, s.error), this.state.done(id)]);
    if (s) this.log.log(`text ${id} (${next.parts.length} part(s)) sent to ${next.to}`);
  }

  private remember(smscId: string, ref: PartRef): void {
    if (this.recent.size > MAX_REMEMBERED_IDS) {
      this.recent.clear();
      this.recentDecimal.clear();
    }
    this.recent.set(normalizeSmscId(smscId), ref);
    const decimal = hexToDecimal(smscId);
    if (decimal !== null) this.recentDecimal.set(decimal, ref);
  }

  /** Every part taken: the text is sent. Runs under the job's lock. */
  private async complete(id: string): Promise<void> {
    const job = await this.state.updateJob(id, (j) =>
      j.state === 'submitted' ? null : { ...j, state: 'submitted' },
    );
    if (job) await this.settle(job);
  }

  /** Reports `sent` for a submitted text if nothing was reported yet, and takes it off the queue. */
  private async settle(job: OutboundJob): Promise<void> {
    if (job.state === 'submitted' && job.reported === null) {
      const next = await this.state.updateJob(job.id, (j) =>
        j.reported === null ? { ...j, reported: 'sent' } : null,
      );
      if (next?.reported === 'sent') await this.report(next, 'sent', null);
      this.log.log(`text ${job.id} (${job.parts.length} part(s)) sent to ${job.to}`);
    }
    if (job.state === 'failed' && job.reported === 'failed')
      await this.report(job, 'failed', job.error);
    await this.state.done(job.id);
  }

  /** Runs under the job's lock. */
  private async fail(id: string, error: string): Promise<void> {
    const job = await this.state.updateJob(id, (j) =>
      j.state === 'failed' ? null : { ...j, state: 'failed', reported: 'failed', error },
    );
    this.log.warn(`text ${id} not sent: ${error}`);
    if (job) await this.settle(job);
  }

  private async report(
    job: OutboundJob,
    status: 'sent' | 'delivered' | 'failed',
    error: string | null,
  ): Promise<void> {
    if (job.kind !== 'reply' || !job.messageId) {
      if (status === 'failed') this.log.warn(`${job.kind} text ${job.id} failed: ${error}`);
      return;
    }
    await this.inbound.delivery({
      messageId: job.messageId,
      status,
      providerMessageId: job.parts[0]?.smscId ?? null,
      at: new Date().toISOString(),
      ...(error ? { error } : {}),
    });
  }
}

/**
 * One status for a text however many parts it went as: `failed` as soon as a part is reported
 * undeliverable, rejected, expired or deleted; `delivered` only once every part was; else none.
 */
export function verdictOf(
  job: Pick<OutboundJob, 'state' | 'parts'>,
): { status: 'delivered' | 'failed'; error: string | null } | null {
  const total = job.parts.length;
  const failed = job.parts.findIndex((p) => p.receipt && FAILED_STATS.has(p.receipt.stat));
  if (failed >= 0) {
    const { stat, err } = job.parts[failed].receipt!;
    const which = total > 1 ? `part ${failed + 1} of ${total}: ` : '';
    return { status: 'failed', error: `${which}stat:${stat} err:${err}` };
  }
  if (job.state === 'submitted' && job.parts.every((p) => p.receipt?.stat === 'DELIVRD'))
    return { status: 'delivered', error: null };
  return null;
}
