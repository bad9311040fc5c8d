import { randomBytes } from 'node:crypto';
import { expect, vi } from 'vitest';
import type { INestMicroservice } from '@nestjs/common';
import type { CaseView, MessageView } from '@casehub/domain';
import type { TestHub } from '@casehub/plugin-testkit';
import { smsSmppPlugin } from '../src/sms-smpp.plugin.js';
import { SmsSmppModule } from '../src/sms-smpp.module.js';
import type { SubmitSeen, TestSmsc } from './smsc/test-smsc.js';

export const waitFor = <T>(fn: () => Promise<T> | T, timeout = 20_000) =>
  vi.waitFor(fn, { timeout, interval: 50 });

/** The support line's number, as texts come from it. */
export const SUPPORT_NUMBER = '+15017122661';
export const HELP_TEXT = 'Acme support: text us your question. Reply STOP to stop.';

/** A customer's mobile number no other test uses. */
export function newPhone(): string {
  const n = randomBytes(4).readUInt32BE();
  return `+1415${2 + (n % 8)}${String(Math.floor(n / 8) % 1_000_000).padStart(6, '0')}`;
}

/** The plugin's settings against `smsc`: a small window, a quick fail-over. */
export function pluginEnv(smsc: TestSmsc, more: Record<string, string> = {}) {
  return {
    SMPP_URL: smsc.url(),
    SMPP_SOURCE_ADDR: SUPPORT_NUMBER,
    SMPP_SYSTEM_TYPE: 'casehub',
    SMPP_WINDOW: '3',
    SMPP_THROUGHPUT: '200',
    SMPP_FAILOVER_SECONDS: '2',
    SMPP_ENQUIRE_LINK_SECONDS: '5',
    SMS_HELP_TEXT: HELP_TEXT,
    ...more,
  };
}

export function startSmppPlugin(
  hub: TestHub,
  smsc: TestSmsc,
  more: Record<string, string> = {},
): Promise<INestMicroservice> {
  return hub.startPlugin(smsSmppPlugin, SmsSmppModule, { env: pluginEnv(smsc, more) });
}

/** A case on sms for a customer with this phone, opened by an agent. */
export function smsCase(hub: TestHub, phone: string, subject = 'Router drops the line') {
  return hub.core.cases.create({ subject, channel: 'sms', contact: { name: 'Ann Lee', phone } });
}

/** A public reply on a new sms case of a customer with this phone. */
export async function replyTo(hub: TestHub, phone: string, body: string): Promise<MessageView> {
  const c: CaseView = await smsCase(hub, phone);
  return hub.core.cases.addMessage(c.id, { body });
}

/** Waits until the reply reports `status`, and returns it. */
export function replyReaches(
  hub: TestHub,
  reply: MessageView,
  status: MessageView['deliveryStatus'],
): Promise<MessageView> {
  return waitFor(async () => {
    const m = (await hub.core.cases.messages(reply.caseId)).items.find((x) => x.id === reply.id);
    expect(m?.deliveryStatus).toBe(status);
    return m!;
  });
}

/** The parts the SMSC received for a phone number, in the order it received them. */
export function submitsTo(smsc: TestSmsc, phone: string): SubmitSeen[] {
  return smsc.submits.filter((s) => s && s.dest === phone.replace(/^\+/, ''));
}

/** The parts the SMSC took (answered with an id) for a phone number. */
export function acceptedTo(smsc: TestSmsc, phone: string): SubmitSeen[] {
  return submitsTo(smsc, phone).filter((s) => s.status === 0);
}

/** A GSM-7 part with its concatenation header. */
export function udhPart(ref: number, total: number, seq: number, octets: Buffer): Buffer {
  return Buffer.concat([Buffer.from([5, 0, 3, ref, total, seq]), octets]);
}
