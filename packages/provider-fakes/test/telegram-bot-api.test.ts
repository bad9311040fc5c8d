import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegram, type TelegramBotApi } from '../src/index.js';

let telegram: FakeTelegram;
beforeAll(async () => {
  telegram = await FakeTelegram.start({ username: 'acme_support_bot' });
});
afterAll(() => telegram.close());
beforeEach(() => telegram.reset());

type Answer<T = unknown> = TelegramBotApi.BotApiResponse<T> & { status: number };

/** Calls a method as a bot library would: JSON (the default), a urlencoded form or a query. */
async function call<T = TelegramBotApi.Message>(
  method: string,
  params: Record<string, unknown> = {},
  opts: { as?: 'json' | 'form' | 'query'; token?: string } = {},
): Promise<Answer<T>> {
  const base = `${telegram.url}/bot${opts.token ?? telegram.token}/${method}`;
  const as = opts.as ?? 'json';
  const strings = () =>
    new URLSearchParams(
      Object.entries(params).map(([k, v]): [string, string] => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    );
  const res =
    as === 'query'
      ? await fetch(`${base}?${strings().toString()}`)
      : await fetch(base, {
          method: 'POST',
          headers: {
            'content-type':
              as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
          },
          body: as === 'json' ? JSON.stringify(params) : strings().toString(),
        });
  return { status: res.status, ...((await res.json()) as TelegramBotApi.BotApiResponse<T>) };
}

/** Uploads a file with multipart/form-data, as sendPhoto and sendDocument take them. */
async function upload(
  method: 'sendPhoto' | 'sendDocument',
  fields: Record<string, string>,
  file: { param: string; name: string; type: string; bytes: Buffer },
): Promise<Answer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(file.param, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const res = await fetch(`${telegram.url}/bot${telegram.token}/${method}`, {
    method: 'POST',
    body: form,
  });
  return { status: res.status, ...((await res.json()) as TelegramBotApi.BotApiResponse) };
}

const error = (status: number, description: string, parameters?: object) => ({
  status,
  ok: false,
  error_code: status,
  description,
  ...(parameters ? { parameters } : {}),
});

describe('the Bot API envelope', () => {
  it('answers getMe with the bot, whatever the case of the method or the way it is called', async () => {
    const me = await call('getMe');
    expect(me).toMatchObject({
      status: 200,
      ok: true,
      result: {
        id: Number(telegram.token.split(':')[0]),
        is_bot: true,
        username: 'acme_support_bot',
        can_join_groups: true,
      },
    });
    expect((await call('GETME', {}, { as: 'query' })).ok).toBe(true);
  });

  it('answers 401 Unauthorized for another token and 404 Not Found for an unknown method', async () => {
    const [id] = telegram.token.split(':');
    expect(await call('getMe', {}, { token: `${id}:${'x'.repeat(35)}` })).toEqual(
      error(401, 'Unauthorized'),
    );
    expect(await call('sendPigeon')).toEqual(error(404, 'Not Found'));
    const res = await fetch(`${telegram.url}/no/such/path`);
    expect(res.status).toBe(404);
  });
});

describe('sendMessage', () => {
  it('sends a text in JSON, in a form and in a query, recording each', async () => {
    const ann = telegram.user({ firstName: 'Ann', lastName: 'Lee' });
    const json = await call('sendMessage', { chat_id: ann.id, text: 'Hello Ann' });
    const form = await call(
      'sendMessage',
      { chat_id: String(ann.id), text: 'Form' },
      { as: 'form' },
    );
    const query = await call('sendMessage', { chat_id: ann.id, text: 'Query' }, { as: 'query' });
    expect([json.status, form.status, query.status]).toEqual([200, 200, 200]);
    expect(json.ok && json.result).toMatchObject({
      message_id: 1,
      from: { id: telegram.bot.id, is_bot: true },
      chat: { id: ann.id, type: 'private', first_name: 'Ann', last_name: 'Lee' },
      text: 'Hello Ann',
    });
    expect(telegram.messagesIn(ann.id).map((m) => [m.messageId, m.text])).toEqual([
      [1, 'Hello Ann'],
      [2, 'Form'],
      [3, 'Query'],
    ]);
    expect(await telegram.waitForMessage((m) => m.text === 'Query')).toMatchObject({
      method: 'sendMessage',
      chatId: ann.id,
    });
  });

  it('refuses an empty text, one over 4096 characters and an unknown chat as Telegram words it', async () => {
    const ann = telegram.user();
    expect(await call('sendMessage', { chat_id: ann.id, text: '  ' })).toEqual(
      error(400, 'Bad Request: message text is empty'),
    );
    expect(await call('sendMessage', { chat_id: ann.id, text: 'x'.repeat(4097) })).toEqual(
      error(400, 'Bad Request: message is too long'),
    );
    expect((await call('sendMessage', { chat_id: ann.id, text: 'x'.repeat(4096) })).ok).toBe(true);
    expect(await call('sendMessage', { chat_id: 42, text: 'hi' })).toEqual(
      error(400, 'Bad Request: chat not found'),
    );
    expect(telegram.requests.map((r) => r.errorCode)).toEqual([400, 400, null, 400]);
  });

  it('answers a message with reply_parameters or reply_to_message_id, and refuses a missing one', async () => {
    const ann = telegram.user();
    const { message } = telegram.say(ann, 'Where is my parcel?');
    const a = await call('sendMessage', {
      chat_id: ann.id,
      text: 'On its way',
      reply_parameters: { message_id: message.message_id },
    });
    expect(a.ok && a.result.reply_to_message).toMatchObject({
      message_id: message.message_id,
      text: 'Where is my parcel?',
    });
    const b = await call(
      'sendMessage',
      { chat_id: ann.id, text: 'Legacy', reply_to_message_id: message.message_id },
      { as: 'form' },
    );
    expect(b.ok && b.result.reply_to_message?.message_id).toBe(message.message_id);
    expect(
      await call('sendMessage', { chat_id: ann.id, text: 'x', reply_to_message_id: 999 }),
    ).toEqual(error(400, 'Bad Request: message to be replied not found'));
    const without = await call('sendMessage', {
      chat_id: ann.id,
      text: 'x',
      reply_parameters: { message_id: 999, allow_sending_without_reply: true },
    });
    expect(without.ok).toBe(true);
    expect(telegram.messagesIn(ann.id).map((m) => m.replyToMessageId)).toEqual([
      message.message_id,
      message.message_id,
      null,
    ]);
  });

  it('sends into a forum topic with message_thread_id, and refuses an unknown topic', async () => {
    const ann = telegram.user();
    const forum = telegram.group({ title: 'Acme customers', forum: true });
    const { threadId } = telegram.createTopic(forum.id, 'Billing', ann);
    const sent = await call('sendMessage', {
      chat_id: forum.id,
      message_thread_id: threadId,
      text: 'We are on it',
    });
    expect(sent.ok && sent.result).toMatchObject({
      message_thread_id: threadId,
      is_topic_message: true,
      chat: { id: forum.id, type: 'supergroup', is_forum: true },
    });
    expect(telegram.messagesIn(forum.id)[0].threadId).toBe(threadId);
    expect(
      await call('sendMessage', { chat_id: forum.id, message_thread_id: 4242, text: 'x' }),
    ).toEqual(error(400, 'Bad Request: message thread not found'));
  });
});

describe("the customer's side of errors", () => {
  it('answers 403 to a user who blocked the bot, and sends again once unblocked', async () => {
    const ann = telegram.user();
    telegram.blockBot(ann);
    expect(await call('sendMessage', { chat_id: ann.id, text: 'Hello?' })).toEqual(
      error(403, 'Forbidden: bot was blocked by the user'),
    );
    telegram.unblockBot(ann);
    expect((await call('sendMessage', { chat_id: ann.id, text: 'Hello?' })).ok).toBe(true);
  });

  it('answers a migrated group with 400 and migrate_to_chat_id, and sends to the supergroup', async () => {
    const ann = telegram.user();
    const group = telegram.group({ title: 'Acme ops' });
    expect(group.id).toBeLessThan(0);
    const { supergroup } = telegram.migrate(group.id, ann);
    expect(String(supergroup.id)).toMatch(/^-100\d+$/);
    expect(await call('sendMessage', { chat_id: group.id, text: 'hi' })).toEqual(
      error(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: supergroup.id,
      }),
    );
    expect((await call('sendMessage', { chat_id: supergroup.id, text: 'hi' })).ok).toBe(true);
  });

  it('answers 403 in a group that removed the bot', async () => {
    const ann = telegram.user();
    const group = telegram.group({ title: 'Gone', supergroup: true });
    telegram.removeBot(group.id, ann);
    expect(await call('sendMessage', { chat_id: group.id, text: 'hi' })).toEqual(
      error(403, 'Forbidden: bot was kicked from the supergroup chat'),
    );
  });
});

describe('flood control', () => {
  it('answers 429 with retry_after counting down while a wait lasts', async () => {
    const ann = telegram.user();
    const bob = telegram.user();
    telegram.floodWait(ann.id, 2);
    expect(await call('sendMessage', { chat_id: ann.id, text: 'one' })).toEqual(
      error(429, 'Too Many Requests: retry after 2', { retry_after: 2 }),
    );
    expect((await call('sendMessage', { chat_id: bob.id, text: 'other chat' })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 2_050));
    expect((await call('sendMessage', { chat_id: ann.id, text: 'one' })).ok).toBe(true);
    expect(telegram.requests.map((r) => r.retryAfter)).toEqual([2, null, null]);
  });

  it('enforces per-chat limits when asked: a group gets 20 messages a minute', async () => {
    telegram.setFloodLimits({ groupPerMinute: 20, privateChatPerSecond: 1 });
    try {
      const group = telegram.group({ title: 'Busy', supergroup: true });
      for (let i = 0; i < 20; i++)
        expect((await call('sendMessage', { chat_id: group.id, text: `m${i}` })).ok).toBe(true);
      const refused = await call('sendMessage', { chat_id: group.id, text: 'one too many' });
      expect(refused).toMatchObject({
        status: 429,
        parameters: { retry_after: expect.any(Number) },
      });
      expect(!refused.ok && refused.parameters!.retry_after).toBeGreaterThan(50);
      const ann = telegram.user();
      expect((await call('sendMessage', { chat_id: ann.id, text: 'a' })).ok).toBe(true);
      expect((await call('sendMessage', { chat_id: ann.id, text: 'b' })).status).toBe(429);
    } finally {
      telegram.setFloodLimits({});
    }
  });

  it('injects any error on the next matching request', async () => {
    const ann = telegram.user();
    telegram.failNext(1, { errorCode: 500 });
    telegram.failNext(1, { errorCode: 429, chatId: ann.id, parameters: { retry_after: 7 } });
    expect(await call('sendMessage', { chat_id: ann.id, text: 'x' })).toEqual(
      error(500, 'Internal Server Error'),
    );
    expect(await call('sendMessage', { chat_id: ann.id, text: 'x' })).toEqual(
      error(429, 'Too Many Requests: retry after 7', { retry_after: 7 }),
    );
    expect((await call('sendMessage', { chat_id: ann.id, text: 'x' })).ok).toBe(true);
  });
});

describe('files', () => {
  it('takes multipart uploads with sendPhoto and sendDocument and records their bytes', async () => {
    const ann = telegram.user();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5000, 1)]);
    const pdf = Buffer.from('%PDF-1.7 invoice');
    const photo = await upload(
      'sendPhoto',
      { chat_id: String(ann.id), caption: 'The damage' },
      { param: 'photo', name: 'damage.jpg', type: 'image/jpeg', bytes: jpeg },
    );
    const doc = await upload(
      'sendDocument',
      { chat_id: String(ann.id) },
      { param: 'document', name: 'Invoice 1042.pdf', type: 'application/pdf', bytes: pdf },
    );
    expect(photo.ok && photo.result).toMatchObject({
      caption: 'The damage',
      photo: [expect.objectContaining({ width: 90 }), expect.objectContaining({ width: 1280 })],
    });
    expect(doc.ok && doc.result).toMatchObject({
      document: {
        file_name: 'Invoice 1042.pdf',
        mime_type: 'application/pdf',
        file_size: pdf.length,
      },
    });
    const [p, d] = telegram.messagesIn(ann.id);
    expect(p.file).toEqual({ filename: 'damage.jpg', contentType: 'image/jpeg', bytes: jpeg });
    expect(d.file?.bytes).toEqual(pdf);
    expect(telegram.requests.map((r) => r.files)).toEqual([
      { photo: 'damage.jpg' },
      { document: 'Invoice 1042.pdf' },
    ]);
  });

  it('refuses a send without a file, with an unknown file_id and with a caption over 1024', async () => {
    const ann = telegram.user();
    expect(await call('sendPhoto', { chat_id: ann.id })).toEqual(
      error(400, 'Bad Request: there is no photo in the request'),
    );
    expect(
      await call('sendDocument', { chat_id: ann.id, document: 'https://example.com/a.pdf' }),
    ).toEqual(error(400, 'Bad Request: wrong file identifier/HTTP URL specified'));
    expect(
      await call('sendDocument', { chat_id: ann.id, document: 'x', caption: 'c'.repeat(1025) }),
    ).toEqual(error(400, 'Bad Request: message caption is too long'));
  });

  it("serves a customer's file through getFile and /file/bot<token>/<file_path>", async () => {
    const ann = telegram.user();
    const pdf = Buffer.from('%PDF-1.4 receipt');
    const { message } = telegram.write({
      chat: ann.id,
      from: ann,
      document: { bytes: pdf, fileName: 'receipt.pdf', mimeType: 'application/pdf' },
    });
    const got = await call<TelegramBotApi.File>('getFile', { file_id: message.document!.file_id });
    expect(got.ok && got.result).toMatchObject({
      file_id: message.document!.file_id,
      file_size: pdf.length,
      file_path: expect.stringMatching(/^documents\/file_\d+\.pdf$/),
    });
    const path = got.ok ? got.result.file_path! : '';
    const download = await fetch(`${telegram.url}/file/bot${telegram.token}/${path}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    const [id] = telegram.token.split(':');
    const wrong = await fetch(`${telegram.url}/file/bot${id}:${'y'.repeat(35)}/${path}`);
    expect(wrong.status).toBe(401);
    expect(await call('getFile', { file_id: 'nope' })).toEqual(
      error(400, 'Bad Request: invalid file_id'),
    );
  });
});

describe('held requests', () => {
  it('drops a held request whose client went away, and answers the others once released', async () => {
    const ann = telegram.user();
    const stall = telegram.stall({ method: 'sendMessage', chatId: ann.id, after: 1 });
    expect((await call('sendMessage', { chat_id: ann.id, text: 'first passes' })).ok).toBe(true);
    const abort = new AbortController();
    const gone = fetch(`${telegram.url}/bot${telegram.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: ann.id, text: 'never arrives' }),
      signal: abort.signal,
    }).catch((e: unknown) => e);
    const kept = call('sendMessage', { chat_id: ann.id, text: 'arrives late' });
    await expect.poll(() => stall.held).toBe(2);
    abort.abort();
    await gone;
    await expect.poll(() => stall.held).toBe(1);
    stall.release();
    expect((await kept).ok).toBe(true);
    expect(telegram.messagesIn(ann.id).map((m) => m.text)).toEqual([
      'first passes',
      'arrives late',
    ]);
    expect(
      telegram.requests.filter((r) => r.method === 'sendMessage').map((r) => r.status),
    ).toEqual([200, null, 200]);
  });
});
