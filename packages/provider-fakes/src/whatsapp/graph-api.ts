import type { IncomingMessage, ServerResponse } from 'node:http';
import { accessTokenOf } from './bearer-token.js';
import { windowOpen } from './customer-window.js';
import { graphErrors, type GraphError } from './graph-error.js';
import { replyJson } from './http-reply.js';
import { MEDIA_TYPES, mediaOfUrl, mediaUrl, storeMedia } from './media-store.js';
import { createMessage } from './send-message.js';
import { templatePage } from './template-listing.js';
import type { Webhooks } from './webhooks.js';
import { statusPayload, type StatusStep } from './webhook-payloads.js';
import type { StoredMessage, WhatsAppState } from './whatsapp-state.js';

type Reply = (status: number, body: unknown) => void;

/**
 * The part of Graph the fake serves for the WhatsApp Cloud API: sending messages, uploading and
 * downloading media, listing the business account's templates. Every request needs a token the
 * fake was given (`Authorization: Bearer …` or `?access_token=`).
 */
export class GraphApi {
  /** The fake's own base URL, for the media and paging URLs it hands out. */
  baseUrl = '';

  constructor(
    private readonly state: WhatsAppState,
    private readonly webhooks: Webhooks,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const json = /application\/json/i.test(req.headers['content-type'] ?? '')
      ? parseJson(raw)
      : null;
    const reply: Reply = (status, body) => {
      this.state.requests.push({
        method,
        path: url.pathname,
        body: json,
        status,
        errorCode: errorCodeOf(body),
      });
      replyJson(res, status, body);
    };
    const fail = (error: GraphError) => reply(error.status, error.body);

    const token = accessTokenOf(req, url);
    if (token === null) return fail(graphErrors.noToken());
    if (!this.state.accessTokens.has(token)) return fail(graphErrors.invalidToken());

    if (url.pathname === '/whatsapp_business/attachments/' && method === 'GET') {
      const found = mediaOfUrl(this.state, url);
      if ('status' in found) return reply(found.status, { error: 'media not found or expired' });
      this.state.requests.push({
        method,
        path: url.pathname,
        body: null,
        status: 200,
        errorCode: null,
      });
      res.writeHead(200, {
        'Content-Type': found.media.mimeType,
        'Content-Length': found.media.bytes.length,
      });
      res.end(found.media.bytes);
      return;
    }

    const m = /^\/(v\d{1,3}\.\d)\/(\d{1,20})(?:\/([a-z_]+))?\/?$/.exec(url.pathname);
    if (!m) return fail(graphErrors.unknownPath(url.pathname));
    const [, , id, edge] = m;
    const { phoneNumberId, businessAccountId } = this.state;

    if (id === phoneNumberId && edge === 'messages' && method === 'POST')
      return this.send(json, reply, fail);
    if (id === phoneNumberId && edge === 'media' && method === 'POST')
      return this.upload(req, raw, reply, fail);
    if (id === businessAccountId && edge === 'message_templates' && method === 'GET')
      return reply(200, templatePage(this.state.templates, url, this.baseUrl));
    const media = edge === undefined ? this.state.media.get(id) : undefined;
    if (media && method === 'GET')
      return reply(200, {
        messaging_product: 'whatsapp',
        url: mediaUrl(this.state, this.baseUrl, media),
        mime_type: media.mimeType,
        sha256: media.sha256,
        file_size: media.bytes.length,
        id: media.id,
      });
    if (media && method === 'DELETE') {
      this.state.media.delete(id);
      return reply(200, { success: true });
    }
    return fail(graphErrors.unknownObject(method, id));
  }

  private async send(body: unknown, reply: Reply, fail: (e: GraphError) => void): Promise<void> {
    const created = createMessage(this.state, body);
    if ('error' in created) return fail(created.error);
    const { message } = created;
    const timeline = this.timelineOf(message);
    const behaviour = { ...this.state.webhookBehaviour };
    const webhooks = this.webhooks.dispatch(
      timeline.map((step) => ({
        kind: 'status' as const,
        messageId: message.id,
        status: step.status,
        payload: statusPayload(this.state, message, step),
      })),
      behaviour,
    );
    if (behaviour.beforeResponse) await webhooks;
    reply(200, {
      messaging_product: 'whatsapp',
      contacts: [
        message.input === message.userId
          ? { input: message.input, user_id: message.userId }
          : { input: message.input, wa_id: message.waId },
      ],
      messages: [{ id: message.id, ...(message.template ? { message_status: 'accepted' } : {}) }],
    });
    // The message reaches its last status at once; its webhooks may still be on their way.
    const last = timeline.at(-1)!;
    message.status = last.status;
    message.errorCode = last.errorCode ?? null;
    this.state.events.emit('message', message);
  }

  /**
   * What becomes of an accepted message: a customer configured as undeliverable fails (131026
   * by default); free-form content outside the customer's 24-hour window fails with 131047, as
   * Meta reports it (the send itself was accepted); else sent, delivered and, with read
   * receipts, read.
   */
  private timelineOf(message: StoredMessage): StatusStep[] {
    const failure =
      (message.waId && this.state.deliveryFailures.get(message.waId)) ||
      (message.userId && this.state.deliveryFailures.get(message.userId));
    if (failure) return [{ status: 'failed', errorCode: failure }];
    const customer = this.state.customer(message);
    if (message.type !== 'template' && !windowOpen(customer?.lastMessageAt ?? null, Date.now()))
      return [{ status: 'failed', errorCode: 131047 }];
    const steps: StatusStep[] = [{ status: 'sent' }, { status: 'delivered' }];
    if (this.state.readReceipts) steps.push({ status: 'read' });
    return steps;
  }

  /** `POST /{version}/{phone-number-id}/media`: multipart `messaging_product`, `file`, `type`. */
  private async upload(
    req: IncomingMessage,
    raw: Buffer,
    reply: Reply,
    fail: (e: GraphError) => void,
  ): Promise<void> {
    const contentType = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data/i.test(contentType))
      return fail(graphErrors.invalidParameter('Param file must be sent as multipart/form-data.'));
    let form: FormData;
    try {
      form = await new Request('http://fake/upload', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: raw,
      }).formData();
    } catch {
      return fail(graphErrors.invalidParameter('The multipart body could not be read.'));
    }
    if (form.get('messaging_product') !== 'whatsapp')
      return fail(graphErrors.invalidParameter('The parameter messaging_product is required.'));
    const file = form.get('file');
    if (!(file instanceof Blob))
      return fail(graphErrors.invalidParameter('The parameter file is required.'));
    const given = form.get('type');
    const type = (typeof given === 'string' && given ? given : file.type)
      .split(';')[0]
      .trim()
      .toLowerCase();
    const limit = MEDIA_TYPES[type];
    if (!limit)
      return fail(
        graphErrors.invalidParameter(
          `Param file must be a file with one of the following types: ${Object.keys(MEDIA_TYPES).join(', ')}. Received file of type '${type}'.`,
        ),
      );
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length > limit)
      return fail(
        graphErrors.invalidParameter(`Param file must be at most ${limit} bytes for ${type}.`),
      );
    const filename = file instanceof File && file.name ? file.name : null;
    reply(200, { id: storeMedia(this.state, bytes, type, filename).id });
  }
}

function errorCodeOf(body: unknown): number | null {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'number' ? error.code : null;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
