import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@casehub/domain';
import type { NestFastifyApplication } from '@casehub/plugin-sdk';
import { startTestHub, type TestHub, surveyInvitation } from '@casehub/plugin-testkit';
import type { FakeMessenger, MessengerPerson } from '@casehub/provider-fakes';
import {
  caseOf,
  hoursAgo,
  replyReaches,
  startFakeMeta,
  startMessengerPlugin,
  waitFor,
} from './support.js';

/**
 * Meta's windows, kept before sending: RESPONSE within 24 hours of the person's last message;
 * HUMAN_AGENT up to 7 days for a human agent's reply, with the permission only; nothing
 * automatic outside the 24 hours. The fake backdates the person's message (its timestamp), so
 * both sides count from the same moment.
 */
describe('messenger: the messaging windows', () => {
  let hub: TestHub;
  let meta: FakeMessenger;
  let plugin: NestFastifyApplication;

  beforeAll(async () => {
    [hub, meta] = await Promise.all([startTestHub(), startFakeMeta()]);
    plugin = (await startMessengerPlugin(hub, meta)).app;
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await meta?.close();
  });

  /** A person whose last message was `hours` ago, and the case it opened. */
  const wroteAgo = async (hours: number, platform: 'messenger' | 'instagram' = 'messenger') => {
    const person = meta.addPerson({ platform });
    await meta.customerWrites(person, { text: 'Any news on my order?', at: hoursAgo(hours) });
    return { person, c: await caseOf(hub, person) };
  };
  const reply = (c: CaseView, body: string) => hub.core.cases.addMessage(c.id, { body });
  const sendsTo = (p: MessengerPerson) =>
    meta.requests.filter(
      (r) => r.method === 'POST' && (r.body?.recipient as { id?: string })?.id === p.id,
    );
  const invite = (c: CaseView, id: string) =>
    hub.publish(
      'survey.invited',
      surveyInvitation(c, { id, kind: 'csat', channel: 'social', expiresAt: null }),
    );
  /** A message a bot or plugin wrote on the case (not a human agent). */
  const automatic = async (c: CaseView, body: string) => {
    const id = randomUUID();
    await hub.publish('message.created', {
      case: c,
      actor: { type: 'plugin', id: 'reminder-bot' },
      message: {
        id,
        caseId: c.id,
        visibility: 'public',
        authorType: 'plugin',
        authorId: null,
        body,
        attachments: [],
        channel: 'social',
        createdAt: new Date().toISOString(),
        providerMessageId: null,
        deliveryStatus: 'pending',
        deliveryError: null,
      },
    });
    return id;
  };
  const reportOf = (messageId: string) =>
    waitFor(async () => {
      const [r] = (await hub.events('inbound.delivery')).filter(
        (e) => e.data.messageId === messageId,
      );
      expect(r).toBeDefined();
      return r.data;
    });
  const deadLetterFor = (needle: string) =>
    waitFor(async () => {
      const letter = (await hub.deadLetters('messenger')).find((d) => d.error.includes(needle));
      expect(letter).toBeDefined();
      return letter!;
    });

  describe('without the Human Agent permission', () => {
    it('refuses a reply after 24 hours before sending, with the reason on the message', async () => {
      const { person, c } = await wroteAgo(25);
      const m = await replyReaches(hub, await reply(c, 'Sorry for the wait!'), 'failed');
      expect(m.deliveryError).toMatch(
        /^window closed: the person last wrote 25 hours ago, past Meta's 24-hour window; .*Human Agent permission/,
      );
      // The marker: a reply to someone within the window, made after it, is sent.
      const fresh = await wroteAgo(23);
      await reply(fresh.c, 'Within the day');
      const sent = await meta.waitForMessage((s) => s.recipientId === fresh.person.id, 20_000);
      expect([sent.messagingType, sent.tag]).toEqual(['RESPONSE', null]);
      expect(sendsTo(person)).toEqual([]);
    });

    it('invites to a survey within 24 hours only', async () => {
      const late = await wroteAgo(30);
      await invite(late.c, 'sv_late');
      const letter = await deadLetterFor('sv_late');
      expect(letter.error).toMatch(/window closed: the person last wrote 30 hours ago/);
      expect(sendsTo(late.person)).toEqual([]);
    });
  });

  describe('with the Human Agent permission', () => {
    beforeAll(async () => {
      await plugin.close();
      meta.grantHumanAgent();
      plugin = (await startMessengerPlugin(hub, meta, { MESSENGER_HUMAN_AGENT: 'true' })).app;
    }, 60_000);

    it('tags a human agent’s reply HUMAN_AGENT from 24 hours to 7 days', async () => {
      const { person, c } = await wroteAgo(50);
      const ig = await wroteAgo(26, 'instagram');
      const m = await reply(c, 'A colleague looked into it: the part ships Monday.');
      const igReply = await reply(ig.c, 'Ya la tenemos.');
      const sent = await meta.waitForMessage((s) => s.recipientId === person.id, 20_000);
      const igSent = await meta.waitForMessage((s) => s.recipientId === ig.person.id, 20_000);
      expect([sent.messagingType, sent.tag, igSent.messagingType, igSent.tag]).toEqual([
        'MESSAGE_TAG',
        'HUMAN_AGENT',
        'MESSAGE_TAG',
        'HUMAN_AGENT',
      ]);
      await replyReaches(hub, m, 'delivered');
      await replyReaches(hub, igReply, 'sent');
      // Within the day it is a plain RESPONSE again: the tag only where it is needed.
      const fresh = await wroteAgo(1);
      await reply(fresh.c, 'Quick one');
      expect(
        (await meta.waitForMessage((s) => s.recipientId === fresh.person.id, 20_000)).tag,
      ).toBeNull();
    });

    it('never tags an automatic message: a bot’s reply and a survey invitation are refused', async () => {
      const { person, c } = await wroteAgo(30);
      const botMessage = await automatic(c, 'Reminder: your case is still open.');
      const report = await reportOf(botMessage);
      expect(report).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/never an automatic message/),
      });
      await invite(c, 'sv_automatic');
      expect((await deadLetterFor('sv_automatic')).error).toMatch(/never an automatic message/);
      // The marker: a human agent's reply made after them goes, tagged.
      await reply(c, 'A human, at last.');
      await meta.waitForMessage((s) => s.recipientId === person.id, 20_000);
      expect(meta.messagesTo(person).map((s) => [s.text, s.tag])).toEqual([
        ['A human, at last.', 'HUMAN_AGENT'],
      ]);
    });

    it('refuses any reply more than 7 days after the person’s last message', async () => {
      const { person, c } = await wroteAgo(8 * 24);
      const m = await replyReaches(hub, await reply(c, 'Still there?'), 'failed');
      expect(m.deliveryError).toMatch(
        /last wrote 8 days ago; Meta allows no reply more than 7 days later/,
      );
      expect(sendsTo(person)).toEqual([]);
    });

    it('fails the reply with Meta’s #10 when Meta says the window is closed after all', async () => {
      meta.grantHumanAgent(false); // the setting says granted; Meta withdrew it
      try {
        const { c } = await wroteAgo(40);
        const m = await replyReaches(hub, await reply(c, 'Hello again'), 'failed');
        expect(m.deliveryError).toMatch(
          /^window closed: Meta refused the message \(meta #10\/2018336: \(#10\) /,
        );
      } finally {
        meta.grantHumanAgent();
      }
    });
  });
});
