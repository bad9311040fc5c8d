import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeTelegram } from '@casehub/provider-fakes';
import {
  casesReach,
  contactOf,
  messagesReach,
  replyReaches,
  startFakeTelegram,
  startTelegramPlugin,
  waitFor,
} from './support.js';

/** Groups, forum topics and migrations to supergroups: one conversation, one case. */
describe('telegram: groups, topics and migrations', () => {
  let hub: TestHub;
  let telegram: FakeTelegram;

  beforeAll(async () => {
    [hub, telegram] = await Promise.all([startTestHub(), startFakeTelegram()]);
    await startTelegramPlugin(hub, telegram);
  });
  afterAll(async () => {
    await hub?.stop();
    await telegram?.close();
  });

  const people = () => ({
    ann: telegram.user({ firstName: 'Ann', lastName: 'Lee' }),
    bob: telegram.user({ firstName: 'Bob', lastName: 'Stone' }),
  });

  it("keeps a group in one case, named after the group, each message with its sender's name", async () => {
    const { ann, bob } = people();
    const group = telegram.group({ title: 'Acme Ops' });
    telegram.write({ chat: group.id, from: ann, text: 'Our VPN is down since 9' });
    telegram.write({ chat: group.id, from: bob, text: 'Same in Berlin' });
    const [c] = await casesReach(hub, group.id, 1);
    expect(c).toMatchObject({ subject: 'Our VPN is down since 9', contact: { name: 'Acme Ops' } });
    await messagesReach(hub, c.id, [
      'Ann Lee: Our VPN is down since 9',
      'Bob Stone: Same in Berlin',
    ]);
    // The team answers into the group.
    const reply = await hub.core.cases.addMessage(c.id, { body: 'We are on it.' });
    const sent = await telegram.waitForMessage((m) => m.chatId === group.id, 30_000);
    expect(sent).toMatchObject({ text: 'We are on it.', threadId: null });
    expect((await replyReaches(hub, reply, 'sent')).providerMessageId).toBe(
      `telegram:${group.id}:${sent.messageId}`,
    );
  });

  it('gives each forum topic a case of its own, and the General topic one too', async () => {
    const { ann, bob } = people();
    const forum = telegram.group({ title: 'Acme customers', forum: true });
    telegram.write({ chat: forum.id, from: ann, text: 'Hello from General' });
    const billing = telegram.createTopic(forum.id, 'Invoice 1042 is wrong', ann).threadId;
    telegram.write({ chat: forum.id, from: ann, threadId: billing, text: 'It charges VAT twice' });
    telegram.write({ chat: forum.id, from: bob, threadId: billing, text: 'Also on 1043' });
    const delivery = telegram.createTopic(forum.id, 'Parcel late', bob).threadId;
    telegram.write({ chat: forum.id, from: bob, threadId: delivery, text: 'Order 77 is late' });
    telegram.write({ chat: forum.id, from: ann, text: 'General again' });
    telegram.write({ chat: forum.id, from: ann, threadId: billing, text: 'Any news?' });

    const cases = await casesReach(hub, forum.id, 3);
    const bySubject = Object.fromEntries(cases.map((c) => [c.subject, c]));
    expect(Object.keys(bySubject).sort()).toEqual([
      'Hello from General',
      'Invoice 1042 is wrong',
      'Parcel late',
    ]);
    expect(new Set(cases.map((c) => c.contact?.id)).size).toBe(1); // one contact: the group
    await messagesReach(hub, bySubject['Hello from General'].id, [
      'Ann Lee: Hello from General',
      'Ann Lee: General again',
    ]);
    await messagesReach(hub, bySubject['Invoice 1042 is wrong'].id, [
      'Ann Lee: It charges VAT twice',
      'Bob Stone: Also on 1043',
      'Ann Lee: Any news?',
    ]);
    await messagesReach(hub, bySubject['Parcel late'].id, ['Bob Stone: Order 77 is late']);

    // Replies go back into their topic, and the General topic's into none.
    const topicReply = await hub.core.cases.addMessage(bySubject['Invoice 1042 is wrong'].id, {
      body: 'A corrected invoice is on its way.',
    });
    const generalReply = await hub.core.cases.addMessage(bySubject['Hello from General'].id, {
      body: 'Hello!',
    });
    const inTopic = await telegram.waitForMessage((m) => m.text === topicReply.body, 30_000);
    const inGeneral = await telegram.waitForMessage((m) => m.text === generalReply.body, 30_000);
    expect([inTopic.chatId, inTopic.threadId]).toEqual([forum.id, billing]);
    expect([inGeneral.chatId, inGeneral.threadId]).toEqual([forum.id, null]);
    await replyReaches(hub, topicReply, 'sent');
  });

  it('keeps the case and contact of a group that became a supergroup, and answers in the supergroup', async () => {
    const { ann } = people();
    const group = telegram.group({ title: 'Acme Finance' });
    telegram.write({ chat: group.id, from: ann, text: 'Where is the Q3 report?' });
    const [c] = await casesReach(hub, group.id, 1);
    await messagesReach(hub, c.id, ['Ann Lee: Where is the Q3 report?']);
    const { supergroup } = telegram.migrate(group.id, ann);
    telegram.write({ chat: supergroup.id, from: ann, text: 'We are a supergroup now' });
    await messagesReach(hub, c.id, [
      'Ann Lee: Where is the Q3 report?',
      'Ann Lee: We are a supergroup now',
    ]);
    expect(await contactOf(hub, supergroup.id)).toBeUndefined(); // no second contact
    const reply = await hub.core.cases.addMessage(c.id, { body: 'Attached tomorrow.' });
    const sent = await telegram.waitForMessage((m) => m.text === reply.body, 30_000);
    expect(sent.chatId).toBe(supergroup.id);
    // Straight to the supergroup: the migration was known before the reply.
    expect(
      telegram.requests.filter((r) => r.params.chat_id === group.id && r.method === 'sendMessage'),
    ).toEqual([]);
    await replyReaches(hub, reply, 'sent');
  });

  it('learns a migration from the 400 Telegram answers, sends there and keeps the case', async () => {
    const { ann } = people();
    const group = telegram.group({ title: 'Acme Legal' });
    telegram.write({ chat: group.id, from: ann, text: 'Contract question' });
    const [c] = await casesReach(hub, group.id, 1);
    await messagesReach(hub, c.id, ['Ann Lee: Contract question']);
    // The bot never heard of the migration (its service messages were lost).
    const { supergroup } = telegram.migrate(group.id, ann, { silently: true });
    const reply = await hub.core.cases.addMessage(c.id, { body: 'Which clause?' });
    const sent = await telegram.waitForMessage((m) => m.text === reply.body, 30_000);
    expect(sent.chatId).toBe(supergroup.id);
    const tries = () =>
      telegram.requests
        .filter((r) => r.method === 'sendMessage' && r.params.text === reply.body)
        .map((r) => [r.params.chat_id, r.status]);
    await waitFor(() =>
      expect(tries()).toEqual([
        [group.id, 400],
        [supergroup.id, 200],
      ]),
    );
    expect((await replyReaches(hub, reply, 'sent')).providerMessageId).toBe(
      `telegram:${supergroup.id}:${sent.messageId}`,
    );
    // The customer answers in the supergroup: the same case, the same contact.
    telegram.write({ chat: supergroup.id, from: ann, text: 'Clause 7' });
    await messagesReach(hub, c.id, [
      'Ann Lee: Contract question',
      'Which clause?',
      'Ann Lee: Clause 7',
    ]);
    expect(await contactOf(hub, supergroup.id)).toBeUndefined();
  });
});
