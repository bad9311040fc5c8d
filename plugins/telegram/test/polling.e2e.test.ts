import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeTelegram } from '@casehub/provider-fakes';
import { UpdatePoller } from '../src/inbound/update-poller.service.js';
import {
  casesReach,
  messagesReach,
  startFakeTelegram,
  startTelegramPlugin,
  waitFor,
} from './support.js';

/** Polling mode: getUpdates by one replica at a time, the offset shared, a takeover losing nothing. */
describe('telegram: polling mode', () => {
  let hub: TestHub;
  let telegram: FakeTelegram;

  beforeAll(async () => {
    [hub, telegram] = await Promise.all([startTestHub(), startFakeTelegram()]);
    // A webhook left from an earlier deployment: getUpdates answers 409 while it is set.
    const res = await fetch(`${telegram.url}/bot${telegram.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/old-webhook' }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await hub?.stop();
    await telegram?.close();
  });

  const getUpdates = () => telegram.requests.filter((r) => r.method === 'getUpdates');

  it('deletes the webhook, polls from one replica, and the other takes over without loss', async () => {
    const a = await startTelegramPlugin(hub, telegram, { mode: 'polling' });
    const b = await startTelegramPlugin(hub, telegram, { mode: 'polling' });
    await waitFor(() => expect(telegram.webhook.url).toBe(''));
    const replicas = [a, b].map((r) => ({ app: r.app, poller: r.app.get(UpdatePoller) }));
    await waitFor(() => expect(replicas.filter((r) => r.poller.active)).toHaveLength(1));
    const [active, standby] = replicas[0].poller.active ? replicas : [...replicas].reverse();

    const ann = telegram.user({ firstName: 'Ann', lastName: 'Lee' });
    const bob = telegram.user({ firstName: 'Bob' });
    telegram.say(ann, 'My order never arrived');
    telegram.say(bob, 'Wrong size');
    telegram.say(ann, 'Order 1042');
    const [annCase] = await casesReach(hub, ann.id, 1);
    await messagesReach(hub, annCase.id, ['My order never arrived', 'Order 1042']);
    await waitFor(() => expect(active.poller.stored).toBe(3));
    expect(standby.poller.stored).toBe(0);
    await telegram.updatesSettled(); // the next poll confirmed all three
    const lastBefore = Math.max(...getUpdates().map((r) => Number(r.params.offset ?? 0)));

    // The polling replica stops (a deploy): the other takes the lease and goes on from the offset.
    await active.app.close();
    telegram.say(bob, 'Can I exchange it?');
    telegram.say(ann, 'Any news?');
    await waitFor(() => expect(standby.poller.active).toBe(true), 20_000);
    await messagesReach(hub, annCase.id, ['My order never arrived', 'Order 1042', 'Any news?']);
    const [bobCase] = await casesReach(hub, bob.id, 1);
    await messagesReach(hub, bobCase.id, ['Wrong size', 'Can I exchange it?']);
    await waitFor(() => expect(standby.poller.stored).toBe(2));

    const polls = getUpdates();
    // Never two pollers at once (Telegram would have ended one with 409), never from scratch.
    expect(polls.filter((r) => r.status === 409)).toEqual([]);
    const afterTakeover = polls.filter((r) => Number(r.params.offset ?? 0) > lastBefore);
    expect(afterTakeover.length).toBeGreaterThan(0);
    expect(polls.every((r) => r.params.offset !== undefined || r === polls[0])).toBe(true);
    expect(polls[0].params).toMatchObject({
      timeout: 25,
      allowed_updates: ['message', 'my_chat_member'],
    });
  });
});
