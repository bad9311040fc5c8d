import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestMicroservice } from '@nestjs/common';
import type { MessageView } from '@casehub/domain';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import { SmscLink } from '../src/bind/smsc-link.js';
import { Submitter } from '../src/outbound/submitter.js';
import { SmppState } from '../src/state/smpp-state.js';
import { startNodeSmsc } from './smsc/node-smsc.js';
import { startPerlSmsc } from './smsc/perl-smsc.js';
import type { TestSmsc } from './smsc/test-smsc.js';
import {
  HELP_TEXT,
  SUPPORT_NUMBER,
  acceptedTo,
  newPhone,
  replyReaches,
  replyTo,
  smsCase,
  startSmppPlugin,
  submitsTo,
  udhPart,
  waitFor,
} from './support.js';

const LONG =
  'Your replacement router has shipped and should arrive within two working days. ' +
  'Plug it in, wait for the light to turn green, then restart your computer. ' +
  'If the light stays red, text us back and we will call you.';

// Every test runs against two SMSCs written independently of each other: the `smpp` library's
// own server, and Net::SMPP in Perl. An encoding bug cannot hide behind one library reading
// what it wrote itself.
describe.each([
  ['the smpp library server', startNodeSmsc],
  ['Net::SMPP (Perl)', startPerlSmsc],
])('sms-smpp against %s', (_name, startSmsc) => {
  let hub: TestHub;
  let smsc: TestSmsc;
  let plugin: INestMicroservice;

  beforeAll(async () => {
    [hub, smsc] = await Promise.all([startTestHub(), startSmsc()]);
    plugin = await startSmppPlugin(hub, smsc);
  });
  afterAll(async () => {
    await hub?.stop();
    await smsc?.stop();
  });

  it('binds once, as a transceiver, with the system_id, password and system_type it was given', async () => {
    await waitFor(() => expect(smsc.bound).toBe(1));
    expect(smsc.binds).toEqual([
      { systemId: 'casehub', password: 'secret', systemType: 'casehub' },
    ]);
  });

  it('sends a reply as GSM-7 with registered delivery, reports it sent, then delivered', async () => {
    const phone = newPhone();
    const reply = await replyTo(hub, phone, 'Your router ships today. Reply here with questions!');
    const sent = await replyReaches(hub, reply, 'sent');
    const [part] = acceptedTo(smsc, phone);
    expect(part).toMatchObject({
      dest: phone.slice(1),
      destTon: 1,
      source: SUPPORT_NUMBER.slice(1),
      sourceTon: 1,
      esmClass: 0,
      dataCoding: 0,
      registeredDelivery: 1,
      udh: null,
      text: 'Your router ships today. Reply here with questions!',
    });
    expect(sent.providerMessageId).toBe(part.id);

    expect(await smsc.receipt(part, 'DELIVRD')).toBe(0);
    await replyReaches(hub, reply, 'delivered');
  });

  it('splits a long reply into parts with a UDH, and calls it delivered only once every part is (hex ids answered, decimal in receipts)', async () => {
    await smsc.hexIds(true);
    try {
      const phone = newPhone();
      const reply = await replyTo(hub, phone, LONG);
      const sent = await replyReaches(hub, reply, 'sent');
      const parts = acceptedTo(smsc, phone).sort((a, b) => a.udh!.seq - b.udh!.seq);
      expect(parts).toHaveLength(2);
      expect(parts.map((p) => [p.esmClass, p.dataCoding, p.udh!.total, p.udh!.seq])).toEqual([
        [0x40, 0, 2, 1],
        [0x40, 0, 2, 2],
      ]);
      expect(parts[0].udh!.ref).toBe(parts[1].udh!.ref);
      expect(parts.map((p) => p.text).join('')).toBe(LONG);
      expect(sent.providerMessageId).toBe(parts[0].id);

      expect(await smsc.receipt(parts[0], 'DELIVRD')).toBe(0);
      // A marker behind it: another reply's receipt, handled after the first part's.
      const otherPhone = newPhone();
      const other = await replyTo(hub, otherPhone, 'Marker');
      await replyReaches(hub, other, 'sent');
      expect(await smsc.receipt(acceptedTo(smsc, otherPhone)[0], 'DELIVRD')).toBe(0);
      await replyReaches(hub, other, 'delivered');
      await replyReaches(hub, reply, 'sent'); // one part of two: not delivered yet

      expect(await smsc.receipt(parts[1], 'DELIVRD')).toBe(0);
      await replyReaches(hub, reply, 'delivered');
    } finally {
      await smsc.hexIds(false);
    }
  });

  it('fails a text whose part is undeliverable, with the stat and err, even if another part arrived', async () => {
    const phone = newPhone();
    const reply = await replyTo(hub, phone, LONG);
    await replyReaches(hub, reply, 'sent');
    const parts = acceptedTo(smsc, phone).sort((a, b) => a.udh!.seq - b.udh!.seq);
    await smsc.receipt(parts[0], 'DELIVRD');
    await smsc.receipt(parts[1], 'UNDELIV', '001');
    const failed = await replyReaches(hub, reply, 'failed');
    expect(failed.deliveryError).toBe('part 2 of 2: stat:UNDELIV err:001');
  });

  it('sends an emoji reply as UCS-2 (data_coding 8) that the SMSC reads right', async () => {
    const phone = newPhone();
    const body = 'Merci ! Votre colis arrive demain 📦 — à bientôt';
    const reply = await replyTo(hub, phone, body);
    await replyReaches(hub, reply, 'sent');
    const [part] = acceptedTo(smsc, phone);
    expect(part.dataCoding).toBe(8);
    expect(part.text).toBe(body);
  });

  it("puts a customer's text in three parts back together, whatever their order, as one message on their case", async () => {
    const phone = newPhone();
    const c = await smsCase(hub, phone);
    const pieces = ['My router blinks red ', 'since the storm, it cost 30', '\u001be. Help?'];
    const text = 'My router blinks red since the storm, it cost 30€. Help?';
    for (const seq of [3, 1, 2]) {
      const status = await smsc.deliver({
        from: phone.slice(1),
        to: SUPPORT_NUMBER.slice(1),
        esmClass: 0x40,
        dataCoding: 0,
        shortMessage: udhPart(0x2a, 3, seq, Buffer.from(pieces[seq - 1], 'latin1')),
      });
      expect(status).toBe(0); // answered once the part was kept (the last once stored)
    }
    await waitFor(async () => {
      const { items } = await hub.core.cases.messages(c.id);
      expect(items.map((m) => [m.authorType, m.body])).toEqual([['contact', text]]);
    });
  });

  it("reads a customer's UCS-2 text, and answers HELP with the help text", async () => {
    const phone = newPhone();
    const c = await smsCase(hub, phone);
    const body = 'Danke! 👍 Läuft wieder';
    expect(
      await smsc.deliver({
        from: phone.slice(1),
        to: SUPPORT_NUMBER.slice(1),
        dataCoding: 8,
        shortMessage: Buffer.from(body, 'utf16le').swap16(),
      }),
    ).toBe(0);
    await waitFor(async () => {
      const { items } = await hub.core.cases.messages(c.id);
      expect(items.map((m) => m.body)).toEqual([body]);
    });

    await smsc.deliver({
      from: phone.slice(1),
      to: SUPPORT_NUMBER.slice(1),
      shortMessage: Buffer.from('help', 'latin1'),
    });
    await waitFor(() => expect(acceptedTo(smsc, phone).map((s) => s.text)).toEqual([HELP_TEXT]));
  });

  it('backs off on ESME_RTHROTTLED and submits the same parts again: each text taken once', async () => {
    await smsc.throttle(2);
    const phones = [newPhone(), newPhone()];
    const replies = await Promise.all(phones.map((p, i) => replyTo(hub, p, `Throttled ${i}`)));
    for (const r of replies) await replyReaches(hub, r, 'sent');
    const seen = phones.flatMap((p) => submitsTo(smsc, p));
    expect(seen.filter((s) => s.status === 0x58)).toHaveLength(2);
    for (const [i, p] of phones.entries())
      expect(acceptedTo(smsc, p).map((s) => s.text)).toEqual([`Throttled ${i}`]);
  });

  it('never has more than SMPP_WINDOW (3) submits unanswered', async () => {
    await smsc.hold();
    const phones = Array.from({ length: 7 }, () => newPhone());
    const replies: MessageView[] = [];
    for (const [i, p] of phones.entries()) replies.push(await replyTo(hub, p, `Window ${i}`));
    const ours = () => phones.flatMap((p) => submitsTo(smsc, p));
    await waitFor(() => expect(ours()).toHaveLength(3));
    // Every reply is queued for sending; then a marker: the plugin answers an enquire_link.
    const state = plugin.get(SmppState);
    await waitFor(async () => {
      const jobs = await Promise.all(replies.map((r) => state.job(r.id)));
      expect(jobs.every((j) => j !== null)).toBe(true);
    });
    await smsc.enquireLink();
    expect(ours()).toHaveLength(3);
    expect(plugin.get(Submitter).unanswered).toBe(3);

    await smsc.release();
    for (const r of replies) await replyReaches(hub, r, 'sent');
    expect(Math.max(...ours().map((s) => s.outstanding))).toBeLessThanOrEqual(3);
    for (const [i, p] of phones.entries())
      expect(acceptedTo(smsc, p).map((s) => s.text)).toEqual([`Window ${i}`]);
  });

  it('loses nothing and sends nothing twice when the connection drops mid-window', async () => {
    const bindsBefore = smsc.binds.length;
    await smsc.hold();
    const phones = Array.from({ length: 6 }, () => newPhone());
    const replies: MessageView[] = [];
    for (const [i, p] of phones.entries()) replies.push(await replyTo(hub, p, `Dropped ${i}`));
    const ours = () => phones.flatMap((p) => submitsTo(smsc, p));
    await waitFor(() => expect(ours()).toHaveLength(3));
    // The three held ones are answered, and one more; the next finds the connection closing.
    await smsc.dropAfter(1);
    await smsc.release();
    await waitFor(() => expect(smsc.binds.length).toBe(bindsBefore + 1)); // bound again
    for (const r of replies) await replyReaches(hub, r, 'sent');
    expect(ours().some((s) => s.status === null)).toBe(true); // some went unanswered
    for (const [i, p] of phones.entries())
      expect(acceptedTo(smsc, p).map((s) => s.text)).toEqual([`Dropped ${i}`]);
  });

  it('with two replicas only one binds; the other takes over when the first stops', async () => {
    const bindsBefore = smsc.binds.length;
    const second = await startSmppPlugin(hub, smsc);
    const standby = second.get(SmscLink);
    // Proof that it did not bind: it looked at the lease for longer than the fail-over time.
    const looked = standby.leaseChecks;
    await waitFor(() => expect(standby.leaseChecks).toBeGreaterThanOrEqual(looked + 6));
    expect(standby.status).toBe('standby');
    expect(smsc.binds.length).toBe(bindsBefore);

    // Replies taken by either replica go out through the one bind.
    const phones = Array.from({ length: 4 }, () => newPhone());
    const replies = await Promise.all(phones.map((p, i) => replyTo(hub, p, `Replica ${i}`)));
    for (const r of replies) await replyReaches(hub, r, 'sent');

    await plugin.close();
    await waitFor(() => expect(standby.status).toBe('bound'), 15_000);
    expect(smsc.binds.length).toBe(bindsBefore + 1);
    const phone = newPhone();
    const reply = await replyTo(hub, phone, 'After the take-over');
    await replyReaches(hub, reply, 'sent');
    await smsc.receipt(acceptedTo(smsc, phone)[0], 'DELIVRD');
    await replyReaches(hub, reply, 'delivered');
    for (const [i, p] of phones.entries())
      expect(acceptedTo(smsc, p).map((s) => s.text)).toEqual([`Replica ${i}`]);
  });
});
