import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegram, type TelegramBotApi } from '../src/index.js';

interface Received {
  headers: IncomingHttpHeaders;
  update: TelegramBotApi.Update;
}

/** A stand-in for a bot's webhook: records each update and answers what `status` says. */
async function startWebhook() {
  const received: Received[] = [];
  const hook = { received, status: (_r: Received): number => 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        headers: req.headers,
        update: JSON.parse(Buffer.concat(chunks).toString('utf8')) as TelegramBotApi.Update,
      };
      received.push(r);
      res.writeHead(hook.status(r)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { ...hook, hook, url, close };
}

let telegram: FakeTelegram;
let webhook: Awaited<ReturnType<typeof startWebhook>>;
beforeAll(async () => {
  telegram = await FakeTelegram.start({ webhook: { retryDelaysMs: [50, 50] } });
  webhook = await startWebhook();
});
afterAll(async () => {
  await telegram.close();
  await webhook.close();
});
beforeEach(() => {
  telegram.reset();
  webhook.received.length = 0;
  webhook.hook.status = () => 200;
});
afterEach(async () => {
  await call('deleteWebhook', { drop_pending_updates: true });
});

async function call<T = unknown>(method: string, params: Record<string, unknown> = {}) {
  const res = await fetch(`${telegram.url}/bot${telegram.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, ...((await res.json()) as TelegramBotApi.BotApiResponse<T>) };
}
const getUpdates = (params: Record<string, unknown> = {}) =>
  call<TelegramBotApi.Update[]>('getUpdates', params);
const texts = (r: { ok: boolean; result?: TelegramBotApi.Update[] }) =>
  (r.ok ? r.result! : []).map((u) => u.message?.text);

describe('webhook', () => {
  it('posts each update as JSON with the secret token, and reports itself in getWebhookInfo', async () => {
    const set = await call('setWebhook', {
      url: webhook.url,
      secret_token: 'S3cret_-token',
      allowed_updates: ['message'],
    });
    expect(set).toEqual({ status: 200, ok: true, result: true, description: 'Webhook was set' });
    const ann = telegram.user({ firstName: 'Ann', lastName: 'Lee', username: 'annlee' });
    const { update } = telegram.say(ann, 'Hello, my router is broken');
    await telegram.updatesSettled();
    expect(webhook.received).toHaveLength(1);
    const [r] = webhook.received;
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-telegram-bot-api-secret-token']).toBe('S3cret_-token');
    expect(r.update).toEqual(update);
    expect(r.update.message).toMatchObject({
      message_id: 1,
      from: { id: ann.id, is_bot: false, first_name: 'Ann', last_name: 'Lee', username: 'annlee' },
      chat: { id: ann.id, type: 'private', first_name: 'Ann' },
      text: 'Hello, my router is broken',
      date: expect.any(Number),
    });
    expect(await call('getWebhookInfo')).toMatchObject({
      ok: true,
      result: {
        url: webhook.url,
        has_custom_certificate: false,
        pending_update_count: 0,
        max_connections: 40,
        allowed_updates: ['message'],
      },
    });
  });

  it('refuses a secret token with characters Telegram does not allow', async () => {
    expect(await call('setWebhook', { url: webhook.url, secret_token: 'no spaces!' })).toEqual({
      status: 400,
      ok: false,
      error_code: 400,
      description: 'Bad Request: secret token contains unallowed characters',
    });
  });

  it('retries an update the webhook did not take, in order, and gives up after the last retry', async () => {
    await call('setWebhook', { url: webhook.url });
    const ann = telegram.user();
    let refusals = 1;
    webhook.hook.status = () => (refusals-- > 0 ? 503 : 200);
    telegram.say(ann, 'first');
    telegram.say(ann, 'second');
    await telegram.updatesSettled();
    expect(webhook.received.map((r) => r.update.message?.text)).toEqual([
      'first',
      'first',
      'second',
    ]);
    expect(webhook.received[0].headers['x-telegram-bot-api-secret-token']).toBeUndefined();
    const first = telegram.webhookDeliveries.filter(
      (d) => d.updateId === webhook.received[0].update.update_id,
    );
    expect(first.map((d) => [d.attempt, d.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);

    webhook.hook.status = () => 500;
    telegram.say(ann, 'never taken');
    await telegram.updatesSettled();
    expect(webhook.received.filter((r) => r.update.message?.text === 'never taken')).toHaveLength(
      3,
    );
    expect(await call('getWebhookInfo')).toMatchObject({
      result: {
        pending_update_count: 0,
        last_error_message: 'Wrong response from the webhook: 500',
        last_error_date: expect.any(Number),
      },
    });
  });

  it('delivers every update twice when asked: a duplicate with the same update_id', async () => {
    await call('setWebhook', { url: webhook.url });
    telegram.setWebhookBehaviour({ duplicate: true, retryDelaysMs: [50, 50] });
    try {
      const { update } = telegram.say(telegram.user(), 'twice');
      await telegram.updatesSettled();
      expect(webhook.received.map((r) => r.update)).toEqual([update, update]);
    } finally {
      telegram.setWebhookBehaviour({ retryDelaysMs: [50, 50] });
    }
  });

  it('posts a forged update with whatever secret a test gives', async () => {
    await call('setWebhook', { url: webhook.url, secret_token: 'right' });
    const { update } = telegram.say(telegram.user(), 'real');
    await telegram.updatesSettled();
    webhook.hook.status = (r) =>
      r.headers['x-telegram-bot-api-secret-token'] === 'right' ? 200 : 403;
    const forged = await telegram.postUpdate(update!, { secretToken: 'wrong' });
    const bare = await telegram.postUpdate(update!, { secretToken: null });
    expect([forged.status, bare.status]).toEqual([403, 403]);
    expect(webhook.received.at(-1)?.headers['x-telegram-bot-api-secret-token']).toBeUndefined();
  });

  it('drops pending updates when setWebhook says so', async () => {
    telegram.say(telegram.user(), 'old news');
    await call('setWebhook', { url: webhook.url, drop_pending_updates: true });
    const { update } = telegram.say(telegram.user(), 'fresh');
    await telegram.updatesSettled();
    expect(webhook.received.map((r) => r.update.update_id)).toEqual([update!.update_id]);
  });
});

describe('getUpdates', () => {
  it('answers 409 while a webhook is set', async () => {
    await call('setWebhook', { url: webhook.url });
    expect(await getUpdates()).toEqual({
      status: 409,
      ok: false,
      error_code: 409,
      description:
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    expect(await call('deleteWebhook')).toMatchObject({
      ok: true,
      description: 'Webhook was deleted',
    });
    expect((await getUpdates()).ok).toBe(true);
  });

  it('keeps updates until an offset past them confirms them', async () => {
    const ann = telegram.user();
    telegram.say(ann, 'one');
    telegram.say(ann, 'two');
    const first = await getUpdates({ limit: 1 });
    expect(texts(first)).toEqual(['one']);
    expect(texts(await getUpdates())).toEqual(['one', 'two']); // not confirmed yet
    const id = first.ok ? first.result[0].update_id : 0;
    expect(texts(await getUpdates({ offset: id + 1 }))).toEqual(['two']);
    expect(texts(await getUpdates({ offset: id + 2 }))).toEqual([]);
    await telegram.updatesSettled();
  });

  it('long-polls: an update written while a poll waits is answered at once', async () => {
    const ann = telegram.user();
    const started = Date.now();
    const poll = getUpdates({ timeout: 10 });
    await new Promise((r) => setTimeout(r, 100));
    telegram.say(ann, 'are you there?');
    expect(texts(await poll)).toEqual(['are you there?']);
    expect(Date.now() - started).toBeLessThan(5_000);
    const empty = Date.now();
    expect(texts(await getUpdates({ offset: -1, timeout: 1 }))).toEqual(['are you there?']);
    expect(Date.now() - empty).toBeLessThan(900); // something pending: no wait
  });

  it('ends a waiting poll with 409 when a second poller comes', async () => {
    const first = getUpdates({ timeout: 10 });
    await new Promise((r) => setTimeout(r, 100));
    const second = getUpdates({ timeout: 1 });
    expect(await first).toMatchObject({
      status: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    expect(await second).toMatchObject({ status: 200, ok: true, result: [] });
  });

  it('filters updates by allowed_updates', async () => {
    await getUpdates({ allowed_updates: ['message'] });
    const ann = telegram.user();
    telegram.blockBot(ann);
    telegram.unblockBot(ann);
    telegram.say(ann, 'only messages');
    const got = await getUpdates({ allowed_updates: [] }); // [] is every kind again
    expect(texts(got)).toEqual(['only messages']);
    telegram.blockBot(ann);
    const next = await getUpdates({ offset: got.ok ? got.result[0].update_id + 1 : 0 });
    expect(next.ok && next.result.map((u) => u.my_chat_member?.new_chat_member.status)).toEqual([
      'kicked',
    ]);
  });
});

describe('what customers do', () => {
  const poll = async () => {
    const r = await getUpdates();
    const updates = r.ok ? r.result : [];
    if (updates.length) await getUpdates({ offset: updates.at(-1)!.update_id + 1 });
    return updates;
  };

  it('writes in groups as themselves, replies to the bot, and sends media, places and contacts', async () => {
    const ann = telegram.user({ firstName: 'Ann', lastName: 'Lee' });
    const group = telegram.group({ title: 'Acme ops' });
    telegram.write({ chat: group.id, from: ann, text: 'Our VPN is down' });
    const bot = await call<TelegramBotApi.Message>('sendMessage', {
      chat_id: ann.id,
      text: 'Which office?',
    });
    const botMessageId = bot.ok ? bot.result.message_id : 0;
    telegram.say(ann, 'Berlin', { replyTo: botMessageId });
    const jpeg = Buffer.alloc(4000, 9);
    telegram.write({ chat: ann.id, from: ann, photo: jpeg, caption: 'the screen' });
    telegram.write({
      chat: ann.id,
      from: ann,
      sticker: { bytes: Buffer.from('RIFF....WEBP'), emoji: '👍' },
    });
    telegram.write({ chat: ann.id, from: ann, voice: { bytes: Buffer.from('OggS'), duration: 3 } });
    telegram.write({ chat: ann.id, from: ann, location: { latitude: 52.52, longitude: 13.405 } });
    telegram.write({
      chat: ann.id,
      from: ann,
      contact: { phoneNumber: '+4915112345678', firstName: 'Ben', userId: 42 },
    });
    const messages = (await poll()).map((u) => u.message!);
    expect(messages[0]).toMatchObject({
      chat: { id: group.id, type: 'group', title: 'Acme ops' },
      from: { id: ann.id, first_name: 'Ann' },
      text: 'Our VPN is down',
    });
    expect(messages[1].reply_to_message).toMatchObject({
      message_id: botMessageId,
      from: { is_bot: true },
      text: 'Which office?',
    });
    expect(messages[2].photo!.map((p) => [p.width, p.file_size])).toEqual([
      [90, 1024],
      [1280, 4000],
    ]);
    expect(messages[2].caption).toBe('the screen');
    expect(messages[3].sticker).toMatchObject({ type: 'regular', emoji: '👍', is_animated: false });
    expect(messages[4].voice).toMatchObject({ duration: 3, mime_type: 'audio/ogg' });
    expect(messages[5].location).toEqual({ latitude: 52.52, longitude: 13.405 });
    expect(messages[6].contact).toEqual({
      phone_number: '+4915112345678',
      first_name: 'Ben',
      user_id: 42,
    });
  });

  it('opens forum topics and writes in them', async () => {
    const ann = telegram.user();
    const forum = telegram.group({ title: 'Acme customers', forum: true });
    const { threadId } = telegram.createTopic(forum.id, 'Invoice question', ann);
    telegram.write({ chat: forum.id, from: ann, threadId, text: 'Invoice 1042 is wrong' });
    telegram.write({ chat: forum.id, from: ann, text: 'In General' });
    const [created, inTopic, general] = (await poll()).map((u) => u.message!);
    expect(created).toMatchObject({
      message_id: threadId,
      message_thread_id: threadId,
      is_topic_message: true,
      forum_topic_created: { name: 'Invoice question' },
    });
    expect(inTopic).toMatchObject({
      message_thread_id: threadId,
      is_topic_message: true,
      reply_to_message: { message_id: threadId, forum_topic_created: { name: 'Invoice question' } },
    });
    expect(general.message_thread_id).toBeUndefined();
    expect(general.is_topic_message).toBeUndefined();
  });

  it('migrates a group to a supergroup with both service messages', async () => {
    const ann = telegram.user();
    const group = telegram.group({ title: 'Acme ops' });
    const { supergroup } = telegram.migrate(group.id, ann);
    telegram.write({ chat: supergroup.id, from: ann, text: 'still here' });
    expect(() => telegram.write({ chat: group.id, from: ann, text: 'old' })).toThrow(/became/);
    const [to, from, text] = (await poll()).map((u) => u.message!);
    expect(to).toMatchObject({
      chat: { id: group.id, type: 'group' },
      migrate_to_chat_id: supergroup.id,
    });
    expect(from).toMatchObject({
      chat: { id: supergroup.id, type: 'supergroup', title: 'Acme ops' },
      migrate_from_chat_id: group.id,
    });
    expect(text.chat.id).toBe(supergroup.id);
  });

  it('tells the bot it was blocked with my_chat_member', async () => {
    const ann = telegram.user();
    telegram.blockBot(ann);
    const [u] = await poll();
    expect(u.my_chat_member).toMatchObject({
      chat: { id: ann.id, type: 'private' },
      from: { id: ann.id },
      old_chat_member: { status: 'member', user: { is_bot: true } },
      new_chat_member: { status: 'kicked' },
    });
  });
});
