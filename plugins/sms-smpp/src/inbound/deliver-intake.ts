import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@casehub/domain';
import {
  ConcatenatedParts,
  consentKeyword,
  decodeSmpp,
  readUdh,
  toE164,
} from '@casehub/channel-kit';
import { InboundPublisher, InjectPluginConfig } from '@casehub/plugin-sdk';
import type { SmsSmppConfig } from '../sms-smpp.config.js';
import { SmscLink, type LinkListener } from '../bind/smsc-link.js';
import type { SmppClient } from '../smpp/smpp-client.js';
import { field, type SmppPdu } from '../smpp/smpp-library.js';
import { ESME_ROK, ESME_RX_T_APPN } from '../smpp/command-status.js';
import { Submitter } from '../outbound/submitter.js';
import { newJob } from '../outbound/outbound.handlers.js';
import { SmppState, type HeldPart } from '../state/smpp-state.js';
import { isReceipt, readReceipt } from './receipt.js';

/** An SMSC that sends a text again within this time (its answer got lost) sends the same text. */
const REDELIVERY_WINDOW_MS = 10 * 60_000;
/** How long a text waits for its missing parts before it is handed in without them. */
const MAX_PART_WAIT_MS = 24 * 3_600_000;

/**
 * What the SMSC sends the bound replica: delivery receipts (recorded on the sent text's part)
 * and customers' texts, handed to the core as `inbound.message` on channel `sms`. A text in
 * several parts is put back together whatever order they come in; each part is kept in the
 * plugin's bucket before it is answered, and the last one is answered once the whole text is
 * stored in JetStream: an SMSC whose part went unanswered sends it again, and nothing is lost.
 */
@Injectable()
export class DeliverIntake implements LinkListener {
  private readonly log = new Logger('SmppInbound');
  private assembler = new ConcatenatedParts({ maxAgeMs: MAX_PART_WAIT_MS });
  /** Concatenated texts handed in lately, with their parts' octets: a part sent again is dropped. */
  private readonly completed = new Map<string, { at: number; parts: Map<number, string> }>();
  private restored: Promise<void> | null = null;
  private evictTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectPluginConfig() private readonly cfg: SmsSmppConfig,
    @Inject(SmscLink) link: SmscLink,
    @Inject(SmppState) private readonly state: SmppState,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(Submitter) private readonly submitter: Submitter,
  ) {
    link.listen(this);
  }

  bound(): void {
    // A new holder takes over the parts the last one kept.
    this.restored ??= this.restore().catch((err: unknown) => {
      this.restored = null;
      this.log.error(`cannot read the kept parts: ${String(err)}`);
    });
    this.evictTimer ??= setInterval(() => void this.evict(), 60_000);
    this.evictTimer.unref();
  }

  leave(): Promise<void> {
    if (this.evictTimer) clearInterval(this.evictTimer);
    this.evictTimer = null;
    this.restored = null;
    this.assembler = new ConcatenatedParts({ maxAgeMs: MAX_PART_WAIT_MS });
    return Promise.resolve();
  }

  deliver(pdu: SmppPdu, client: SmppClient): void {
    void this.handle(pdu)
      .then(() => client.respond(pdu, { command_status: ESME_ROK }))
      .catch((err: unknown) => {
        // Not stored: "try again later" makes the SMSC send it again.
        this.log.warn(`deliver_sm ${pdu.sequence_number} not taken: ${(err as Error).message}`);
        client.respond(pdu, { command_status: ESME_RX_T_APPN });
      });
  }

  private async handle(pdu: SmppPdu): Promise<void> {
    await this.restored;
    const esmClass = Number(pdu.esm_class ?? 0);
    const shortMessage = octets(pdu.short_message);
    const raw = shortMessage.length ? shortMessage : octets(pdu.message_payload);
    if (isReceipt(esmClass)) return this.receipt(pdu, raw);

    const dataCoding = Number(pdu.data_coding ?? 0);
    const source = field(pdu, 'source_addr');
    const to = field(pdu, 'destination_addr');
    const from = phoneOf(source, Number(pdu.source_addr_ton ?? 0));
    if (!from) {
      this.log.warn(`a text from "${source}", which is no phone number: ignored`);
      return;
    }
    const udh = esmClass & 0x40 ? readUdh(raw) : null;
    const payload = udh ? udh.payload : raw;
    const concat = udh?.concat;
    if (!concat || concat.total === 1) {
      const fingerprint = hash(from, to, String(dataCoding), payload.toString('hex'));
      return this.publish(from, decodeSmpp(dataCoding, payload), fingerprint);
    }
    const key = hash(from, to, String(concat.ref), String(concat.total));
    const done = this.completed.get(key);
    if (done?.parts.get(concat.seq) === payload.toString('hex')) return; // sent again: had it
    const part: HeldPart = {
      from,
      to,
      ref: concat.ref,
      total: concat.total,
      seq: concat.seq,
      dataCoding,
      payload: payload.toString('base64'),
      at: Date.now(),
    };
    await this.state.holdPart(key, part);
    await this.add(key, part);
  }

  private async receipt(pdu: SmppPdu, raw: Buffer): Promise<void> {
    const stateTlv = pdu.message_state;
    const r = readReceipt(raw.toString('latin1'), {
      receiptedMessageId:
        typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : undefined,
      messageState: typeof stateTlv === 'number' ? stateTlv : undefined,
    });
    if (!r) {
      this.log.warn(`a receipt naming no message: "${raw.toString('latin1')}"`);
      return;
    }
    if (!(await this.submitter.receipt(r)))
      this.log.warn(`a receipt (${r.stat}) for ${r.id}, which is none of ours`);
  }

  /** Adds a kept part; once the text is whole, hands it in and lets its parts go. */
  private async add(key: string, part: HeldPart): Promise<void> {
    const text = this.assembler.add({
      from: key,
      ref: part.ref,
      total: part.total,
      seq: part.seq,
      dataCoding: part.dataCoding,
      payload: Buffer.from(part.payload, 'base64'),
    });
    if (text === null) return;
    const parts = await this.partsOf(key, part);
    const fingerprint = hash(key, ...[...parts.values()]);
    await this.publish(part.from, text, fingerprint);
    this.completed.set(key, { at: Date.now(), parts });
    for (const [k, c] of this.completed) {
      if (Date.now() - c.at < REDELIVERY_WINDOW_MS) break;
      this.completed.delete(k);
    }
    await this.state.releaseParts(key, part.total);
  }

  /** The octets of a whole text's parts, by seq, as kept. */
  private async partsOf(key: string, last: HeldPart): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const p of await this.state.heldParts(key))
      out.set(p.seq, Buffer.from(p.payload, 'base64').toString('hex'));
    out.set(last.seq, Buffer.from(last.payload, 'base64').toString('hex'));
    return new Map([...out].sort(([a], [b]) => a - b));
  }

  /**
   * Hands a text to the core. Its providerMessageId is made of what the text is (sender,
   * recipient, octets): the same text sent again by the SMSC within 10 minutes (its answer got
   * lost) gets the id it had, and the core keeps it once; the same words texted again later are
   * a new message.
   */
  private async publish(from: string, body: string, fingerprint: string): Promise<void> {
    const now = Date.now();
    const seen = await this.state.seen(fingerprint);
    const id =
      seen && now - seen.at < REDELIVERY_WINDOW_MS
        ? seen.id
        : `smpp-${fingerprint.slice(0, 24)}-${now}`;
    if (id !== seen?.id) await this.state.markSeen(fingerprint, id, now);
    try {
      await this.inbound.message({
        channel: 'sms',
        from: { kind: 'phone', value: from },
        providerMessageId: id,
        receivedAt: new Date(now).toISOString(),
        body,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.log.warn(`a text from ${from} ignored: ${err.message}`);
      return;
    }
    // STOP and START are the core's to record; HELP is answered here (the core ignores it).
    if (consentKeyword(body) === 'help') {
      await this.state.enqueue(
        newJob({
          id: `help-${hash(id)}`,
          kind: 'help',
          messageId: null,
          to: from,
          text: this.cfg.helpText,
        }),
      );
    }
  }

  private async restore(): Promise<void> {
    const held = await this.state.heldParts();
    for (const part of held.sort((a, b) => a.at - b.at)) {
      const key = hash(part.from, part.to, String(part.ref), String(part.total));
      await this.add(key, part);
    }
    if (held.length) this.log.log(`${held.length} part(s) of customers' texts taken over`);
  }

  /** Texts whose missing parts never came are handed in as they are, rather than lost. */
  private async evict(): Promise<void> {
    for (const m of this.assembler.evictExpired()) {
      const missing = Array.from({ length: m.total }, (_, i) => i + 1).filter(
        (s) => !m.received.includes(s),
      );
      const key = m.from;
      const [held] = await this.state.heldParts(key);
      if (!held) continue;
      const note = `[part${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${m.total} never arrived]`;
      await this.publish(held.from, `${m.text}\n${note}`, hash(key, 'incomplete')).catch(
        (err: unknown) => this.log.warn(`cannot hand in an incomplete text: ${String(err)}`),
      );
      await this.state.releaseParts(key, m.total);
    }
  }
}

/** A `source_addr` as E.164: international (TON 1) or written with `+`; else tried as both. */
export function phoneOf(addr: string, ton: number): string | null {
  const a = addr.trim();
  if (!a) return null;
  if (ton === 1 || a.startsWith('+')) return toE164(a.startsWith('+') ? a : `+${a}`);
  if (ton === 5) return null; // alphanumeric
  return toE164(a) ?? (/^\d{8,15}$/.test(a) ? toE164(`+${a}`) : null);
}

function octets(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v, 'latin1');
  return Buffer.alloc(0);
}

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}
