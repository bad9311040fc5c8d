import { Inject, Injectable, Logger } from '@nestjs/common';
import { SmsState, type SendRecord } from '../state/sms-state.js';
import { TwilioClient } from '../twilio/twilio-client.js';
import { splitText } from '@casehub/channel-kit';

/** The most characters Twilio takes in one message's Body. */
const MAX_BODY = 1_600;

/** How far before a crashed send's start Twilio's clock may be (its dates have whole seconds). */
const CLOCK_SLACK_MS = 60_000;

/** A text to send once: `key` names it across attempts, replicas and restarts. */
export interface OutboundText {
  key: string;
  to: string;
  body: string;
  statusCallback?: string;
}

/**
 * Sends a text through Twilio exactly once across redeliveries and crashes: the parts are written
 * as `sending` before the first POST and each sid after Twilio's 201. A redelivery that finds a
 * part without its sid (the process stopped mid-send) first looks for it in Twilio's list of
 * messages to that number, and sends only what Twilio does not have.
 */
@Injectable()
export class SmsSender {
  private readonly log = new Logger('SmsSender');

  constructor(
    @Inject(TwilioClient) private readonly twilio: TwilioClient,
    @Inject(SmsState) private readonly state: SmsState,
  ) {}

  /** Resolves with each part's `SM…` sid; throws TwilioApiError when Twilio refuses or is away. */
  async send(text: OutboundText): Promise<string[]> {
    const parts = splitText(text.body, MAX_BODY);
    const mine: SendRecord = {
      to: text.to,
      parts,
      sids: parts.map(() => null),
      startedAt: new Date().toISOString(),
    };
    // A first attempt writes its record in one request; one found there (an earlier attempt,
    // another replica) may have parts Twilio took without their answer written down.
    const started = await this.state.sends.start(text.key, mine);
    let record = started.record;
    if (!started.begun && record.sids.includes(null))
      record = await this.reconcile(text.key, record);
    for (let i = 0; i < record.parts.length; i++) {
      if (record.sids[i]) continue;
      const sent = await this.twilio.send({
        to: record.to,
        body: record.parts[i],
        statusCallback: text.statusCallback,
      });
      record.sids[i] = sent.sid;
      await Promise.all([
        this.state.sends.save(text.key, record),
        this.state.claim(sent.sid, text.key),
      ]);
    }
    return record.sids as string[];
  }

  /** Fills in the sids of parts Twilio accepted although their answer never got written. */
  private async reconcile(key: string, record: SendRecord): Promise<SendRecord> {
    const since = new Date(Date.parse(record.startedAt) - CLOCK_SLACK_MS);
    const candidates = (await this.twilio.sentTo(record.to, since)).filter(
      (m) => !m.date_created || Date.parse(m.date_created) >= since.getTime(),
    );
    let found = 0;
    for (let i = 0; i < record.parts.length; i++) {
      if (record.sids[i]) continue;
      for (const m of candidates) {
        if (m.body !== record.parts[i] || record.sids.includes(m.sid)) continue;
        const owner = await this.state.ownerOf(m.sid);
        if (owner !== null && owner !== key) continue; // the same words, another message's
        record.sids[i] = m.sid;
        found++;
        break;
      }
    }
    if (found > 0) {
      await this.state.sends.save(key, record);
      for (const sid of record.sids) if (sid) await this.state.claim(sid, key);
      this.log.log(`${key}: ${found} part(s) were sent before a restart; not sending them again`);
    }
    return record;
  }
}
