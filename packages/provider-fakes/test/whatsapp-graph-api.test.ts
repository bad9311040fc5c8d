import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeWhatsApp } from '../src/whatsapp/index.js';

const token = 'EAAG-test-token';
const version = 'v23.0';
const customer = '4915112345678';

let wa: FakeWhatsApp;
beforeAll(async () => {
  wa = await FakeWhatsApp.start({
    accessTokens: [token],
    templates: [
      {
        name: 'order_update',
        language: 'en_US',
        body: 'Hello {{1}}, your order {{2}} is on its way.',
      },
      {
        name: 'order_update',
        language: 'de',
        body: 'Hallo {{1}}, Bestellung {{2}} ist unterwegs.',
      },
      { name: 'welcome_back', language: 'en_US', body: 'We are here when you need us.' },
      { name: 'pending_one', language: 'en_US', body: 'Not yet', status: 'PENDING' },
    ],
  });
});
afterAll(() => wa.close());
beforeEach(() => wa.reset());

async function graph(
  method: string,
  path: string,
  body?: unknown,
  auth: string | null = `Bearer ${token}`,
): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${wa.url}${path}`, {
    method,
    headers: {
      ...(auth === null ? {} : { authorization: auth }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const messagesPath = () => `/${version}/${wa.phoneNumberId}/messages`;
const send = (body: Record<string, unknown>) =>
  graph('POST', messagesPath(), {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...body,
  });

describe('Graph authentication and errors', () => {
  it('answers a wrong token 401 with OAuthException 190 in Graph’s envelope', async () => {
    const res = await graph('POST', messagesPath(), {}, 'Bearer not-the-token');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: {
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
        fbtrace_id: expect.stringMatching(/^A[\w-]{10,}$/),
      },
    });
  });

  it('answers no token with 2500, and takes the token as ?access_token= too', async () => {
    const none = await graph('POST', messagesPath(), {}, null);
    expect(none.json.error).toMatchObject({ code: 2500, type: 'OAuthException' });
    const query = await graph(
      'POST',
      `${messagesPath()}?access_token=${token}`,
      { messaging_product: 'whatsapp', to: customer, type: 'text', text: { body: 'Hi' } },
      null,
    );
    expect(query.status).toBe(200);
  });

  it('answers an id the token cannot see with code 100, subcode 33', async () => {
    const res = await graph('POST', `/${version}/999999/messages`, {});
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 100,
      error_subcode: 33,
      type: 'GraphMethodException',
      message: expect.stringMatching(/^Unsupported post request\. Object with ID '999999'/),
    });
  });

  it('refuses a send without messaging_product or recipient with (#100) Invalid parameter', async () => {
    const res = await graph('POST', messagesPath(), { to: customer, text: { body: 'x' } });
    expect(res.json.error).toMatchObject({
      code: 100,
      message: '(#100) Invalid parameter',
      error_data: {
        messaging_product: 'whatsapp',
        details: expect.stringMatching(/messaging_product/),
      },
    });
    expect((await send({ type: 'text', text: { body: 'x' } })).json.error.code).toBe(100);
    expect((await send({ to: customer, type: 'text', text: { body: '' } })).json.error.code).toBe(
      100,
    );
  });

  it('answers an injected rate limit as documented, and counts the retry as the same message', async () => {
    wa.failNext(1, { code: 130429 });
    const refused = await send({
      to: customer,
      type: 'text',
      text: { body: 'Your refund is on its way' },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      message: '(#130429) Rate limit hit',
      type: 'OAuthException',
      code: 130429,
      error_data: { details: 'Cloud API message throughput has been reached.' },
    });
    wa.failNext(1, { code: 131056 });
    expect((await send({ to: customer, type: 'text', text: { body: 'x' } })).json.error.code).toBe(
      131056,
    );
    wa.failNext(1, { code: 368, status: 403 });
    expect((await send({ to: customer, type: 'text', text: { body: 'x' } })).status).toBe(403);

    const accepted = await send({
      to: customer,
      type: 'text',
      text: { body: 'Your refund is on its way' },
    });
    expect(accepted.status).toBe(200);
    const [m] = wa.messagesTo(customer).filter((s) => s.text === 'Your refund is on its way');
    expect(m.requestCount).toBe(2);
    expect(wa.requests.map((r) => [r.status, r.errorCode])).toEqual([
      [400, 130429],
      [400, 131056],
      [403, 368],
      [200, null],
    ]);
  });
});

describe('sending messages', () => {
  it('answers a text with the contact and a wamid, and records it', async () => {
    const res = await send({
      to: `+${customer}`,
      type: 'text',
      text: { body: 'Grüß Gott, Zoë! 🎉' },
      context: { message_id: 'wamid.earlier' },
      biz_opaque_callback_data: 'reply.42.0',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: `+${customer}`, wa_id: customer }],
      messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/=]+$/) }],
    });
    const sent = await wa.waitForMessage((m) => m.waId === customer);
    expect(sent).toMatchObject({
      id: res.json.messages[0].id,
      type: 'text',
      text: 'Grüß Gott, Zoë! 🎉',
      replyTo: 'wamid.earlier',
      bizOpaqueCallbackData: 'reply.42.0',
      requestCount: 1,
    });
  });

  it('sends to a business-scoped user id with `recipient`, answering its user_id', async () => {
    const userId = 'US.13491208655302741918';
    const res = await send({ recipient: userId, type: 'text', text: { body: 'Hi' } });
    expect(res.json.contacts).toEqual([{ input: userId, user_id: userId }]);
    expect(wa.messagesTo(userId)).toHaveLength(1);
    const bad = await send({ recipient: 'not-a-bsuid', type: 'text', text: { body: 'Hi' } });
    expect(bad.json.error.code).toBe(100);
  });

  it('sends an approved template in its language with its body parameters', async () => {
    const res = await send({
      to: customer,
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'de' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Zoë' },
              { type: 'text', text: '#1042' },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.messages[0].message_status).toBe('accepted');
    expect(wa.sent[0].template).toEqual({
      name: 'order_update',
      language: 'de',
      parameters: ['Zoë', '#1042'],
    });
  });

  it('refuses a missing translation with 132001 and a wrong parameter count with 132000', async () => {
    const template = (name: string, code: string, parameters: string[]) =>
      send({
        to: customer,
        type: 'template',
        template: {
          name,
          language: { code },
          components: [
            { type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) },
          ],
        },
      });
    const missing = await template('order_update', 'fr', ['a', 'b']);
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({
      code: 132001,
      error_data: { details: 'template name (order_update) does not exist in fr' },
    });
    expect((await template('pending_one', 'en_US', [])).json.error.code).toBe(132001);
    const count = await template('order_update', 'en_US', ['only one']);
    expect(count.status).toBe(400);
    expect(count.json.error).toMatchObject({
      code: 132000,
      message: '(#132000) Number of parameters does not match the expected number of params',
    });
    expect((await template('welcome_back', 'en_US', [])).status).toBe(200);
    expect(wa.sent).toHaveLength(1);
  });
});

describe('media', () => {
  const upload = async (bytes: Buffer, type: string, filename: string) => {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', type);
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
    const res = await fetch(`${wa.url}/${version}/${wa.phoneNumberId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  it('takes a multipart upload, describes it, and serves its bytes only with the token', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(50_000, 1)]);
    const uploaded = await upload(pdf, 'application/pdf', 'invoice.pdf');
    expect(uploaded).toEqual({ status: 200, json: { id: expect.stringMatching(/^\d{10,}$/) } });
    const info = await graph('GET', `/${version}/${uploaded.json.id}`);
    expect(info.json).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringContaining('/whatsapp_business/attachments/?mid='),
      mime_type: 'application/pdf',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      file_size: pdf.length,
      id: uploaded.json.id,
    });
    expect((await fetch(info.json.url)).status).toBe(400); // no token: Graph's 2500
    expect((await fetch(info.json.url, { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
    const download = await fetch(info.json.url, { headers: { authorization: `Bearer ${token}` } });
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);

    const res = await send({
      to: customer,
      type: 'document',
      document: { id: uploaded.json.id, caption: 'Your invoice', filename: 'invoice.pdf' },
    });
    expect(res.status).toBe(200);
    expect(wa.sent[0].media).toMatchObject({
      id: uploaded.json.id,
      caption: 'Your invoice',
      filename: 'invoice.pdf',
      mimeType: 'application/pdf',
      bytes: pdf,
    });
  });

  it('refuses a type WhatsApp does not take, and a media id it does not know', async () => {
    const exe = await upload(Buffer.from('MZ'), 'application/x-msdownload', 'setup.exe');
    expect(exe.json.error).toMatchObject({ code: 100 });
    const unknown = await send({ to: customer, type: 'image', image: { id: '123456789' } });
    expect(unknown.json.error).toMatchObject({ code: 100 });
    expect((await graph('GET', `/${version}/123456789`)).json.error.error_subcode).toBe(33);
  });
});

describe('message templates', () => {
  it('lists the business account’s templates page by page with cursors', async () => {
    const path = `/${version}/${wa.businessAccountId}/message_templates?fields=name,language,status,category,components&limit=3`;
    const first = await graph('GET', path);
    expect(first.json.data).toHaveLength(3);
    expect(first.json.data[0]).toEqual({
      name: 'order_update',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} is on its way.' }],
      id: expect.stringMatching(/^\d+$/),
    });
    expect(first.json.paging).toEqual({
      cursors: { before: expect.any(String), after: expect.any(String) },
      next: expect.stringContaining(`after=${first.json.paging.cursors.after}`),
    });
    const next = new URL(first.json.paging.next as string);
    const second = await graph('GET', `${next.pathname}${next.search}`);
    expect(second.json.data.map((t: { name: string }) => t.name)).toEqual(['pending_one']);
    expect(second.json.paging.next).toBeUndefined();
    wa.addTemplate({ name: 'survey_link', language: 'en_US', body: 'Rate us: {{1}}' });
    const all = await graph(
      'GET',
      `/${version}/${wa.businessAccountId}/message_templates?limit=100`,
    );
    expect(all.json.data).toHaveLength(5);
  });
});
