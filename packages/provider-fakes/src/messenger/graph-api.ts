import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessengerCdn } from './cdn.js';
import { conversationsOf } from './conversations.js';
import { messengerErrors, MessengerGraphError } from './graph-error.js';
import { numericId } from './ids.js';
import type { MessengerState, StoredSentMessage } from './messenger-state.js';
import { profileOf } from './profile.js';
import { readGraphBody, type GraphBody } from './request-body.js';
import { attachmentOf, sendMessage } from './send-message.js';

type Reply = (status: number, body: unknown, headers?: Readonly<Record<string, string>>) => void;

/**
 * The part of the Graph API the fake serves for a Page and its Instagram account: the Send API,
 * the Attachment Upload API, the User Profile API and the Conversations API, each behind the
 * Page access token (`access_token` parameter or `Authorization: Bearer`); and the CDN.
 */
export class GraphApi {
  constructor(
    private readonly state: MessengerState,
    private readonly cdn: MessengerCdn,
    /** Called with each message accepted, after it is answered (echoes, deliveries). */
    private readonly accepted: (message: StoredSentMessage) => void,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/cdn/') && this.cdn.handle(url, req, res)) return;
    const method = req.method ?? 'GET';
    const body: GraphBody = method === 'GET' ? { fields: {}, files: {} } : await readGraphBody(req);
    const token = tokenOf(req, url, body);
    const reply: Reply = (status, answer, headers = {}) => {
      const error = (answer as { error?: { code?: number; error_subcode?: number } }).error;
      this.state.requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'access_token')),
        tokenIn: token.in,
        body: method === 'GET' ? null : recordable(body),
        status,
        errorCode: error?.code ?? null,
        errorSubcode: error?.error_subcode ?? null,
      });
      const text = JSON.stringify(answer);
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=UTF-8',
        'Content-Length': Buffer.byteLength(text),
        'x-fb-trace-id': randomBytes(8).toString('base64url'),
        ...headers,
      });
      res.end(text);
    };
    const fail = (e: MessengerGraphError) => reply(e.status, e.body(), e.headers);

    const parts = url.pathname.split('/').filter(Boolean);
    const version = parts[0] ?? '';
    if (!/^v\d{1,2}\.\d$/.test(version)) return fail(messengerErrors.unknownVersion(version));
    if (token.value === null) return fail(messengerErrors.noToken());
    if (token.value !== this.state.pageToken) return fail(messengerErrors.badToken());

    const [id, edge, ...rest] = parts.slice(1);
    if (!id || rest.length > 0)
      return fail(messengerErrors.unsupported(lower(method), url.pathname));
    const ours = id === 'me' || id === this.state.pageId || id === this.state.instagramId;
    if (ours && edge === 'messages' && method === 'POST') {
      const sent = await sendMessage(this.state, id, body);
      if ('error' in sent) return fail(sent.error);
      this.state.events.emit('message', sent.message);
      const delay = this.state.sendBehaviour.delayMs ?? 0;
      if (delay > 0) await sleep(delay);
      reply(200, { recipient_id: sent.message.recipientId, message_id: sent.message.mid });
      this.accepted(sent.message);
      return;
    }
    if (ours && edge === 'message_attachments' && method === 'POST') {
      const attachment = (
        body.fields.message as { attachment?: Record<string, unknown> } | undefined
      )?.attachment;
      const made = await attachmentOf(
        this.state,
        attachment?.type,
        (attachment?.payload as Record<string, unknown> | undefined) ?? null,
        body.files.filedata,
      );
      if ('error' in made) return fail(made.error);
      const attachmentId = numericId(16);
      const { source: _, ...kept } = made.attachment;
      this.state.uploads.set(attachmentId, kept);
      return reply(200, { attachment_id: attachmentId });
    }
    if (ours && edge === 'conversations' && method === 'GET') {
      return reply(200, conversationsOf(this.state, url.searchParams));
    }
    if (edge === undefined && method === 'GET' && !ours) {
      const profile = profileOf(this.state.people.get(id), id, url.searchParams.get('fields'));
      return 'error' in profile ? fail(profile.error) : reply(200, profile.body);
    }
    if (edge === undefined && method === 'GET' && (id === 'me' || id === this.state.pageId)) {
      return reply(200, { name: 'Acme Support', id: this.state.pageId });
    }
    return fail(messengerErrors.unsupported(lower(method), id));
  }
}

function tokenOf(
  req: IncomingMessage,
  url: URL,
  body: GraphBody,
): { value: string | null; in: 'query' | 'bearer' | null } {
  const fromQuery = url.searchParams.get('access_token') ?? body.fields.access_token;
  if (typeof fromQuery === 'string' && fromQuery) return { value: fromQuery, in: 'query' };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (bearer) return { value: bearer[1], in: 'bearer' };
  return { value: null, in: null };
}

function recordable(body: GraphBody): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body.fields };
  delete out.access_token;
  for (const [name, f] of Object.entries(body.files)) {
    out[name] = { filename: f.filename, contentType: f.contentType, size: f.bytes.length };
  }
  return out;
}

function lower(method: string): 'get' | 'post' {
  return method === 'GET' ? 'get' : 'post';
}
