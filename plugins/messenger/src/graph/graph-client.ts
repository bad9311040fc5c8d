import { Injectable } from '@nestjs/common';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { MessengerConfig } from '../messenger.config.js';
import type { Person } from '../people/person.js';
import { GraphApiError, type GraphErrorBody } from './graph-api-error.js';

/** One message of the Send API: text, or one attachment by URL or uploaded with the send. */
export interface SendRequest {
  recipient: Person;
  messagingType: 'RESPONSE' | 'MESSAGE_TAG';
  tag: 'HUMAN_AGENT' | null;
  content: SendContent;
}

/** What one message carries: words, an attachment Meta fetches, or one uploaded with the send. */
export type SendContent =
  | { kind: 'text'; text: string }
  | { kind: 'url'; type: AttachmentType; url: string }
  | { kind: 'upload'; type: AttachmentType; bytes: Buffer; filename: string; contentType: string };

export type AttachmentType = 'image' | 'video' | 'audio' | 'file';

/** A message of a conversation, as the Conversations API lists it. */
export interface ConversationMessage {
  id: string;
  createdTime: Date;
  fromId: string;
  text: string;
  attachmentNames: string[];
}

/** A file downloaded from Meta's CDN. */
export interface Download {
  bytes: Buffer;
  contentType: string;
}

/** Well inside the 30 s a handler has before JetStream hands its event to another replica. */
const TIMEOUT_MS = 10_000;
/** Meta's limit on attachments is 25 MB. */
const MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024;

/**
 * A thin typed client over `fetch` for the Graph API calls of the Messenger Platform and
 * Instagram messaging: the Page access token as a bearer token (never in a URL), Graph's error
 * envelope as GraphApiError.
 */
@Injectable()
export class GraphClient {
  private readonly base: string;
  private readonly auth: string;

  constructor(@InjectPluginConfig() private readonly cfg: MessengerConfig) {
    this.base = `${cfg.MESSENGER_API_URL}/${cfg.MESSENGER_API_VERSION}`;
    this.auth = `Bearer ${cfg.MESSENGER_PAGE_TOKEN}`;
  }

  /** `POST /{page-id}/messages`: resolves with Meta's message id. */
  async send(req: SendRequest): Promise<string> {
    const fields: Record<string, unknown> = {
      recipient: { id: req.recipient.id },
      messaging_type: req.messagingType,
      ...(req.tag ? { tag: req.tag } : {}),
    };
    const url = `${this.base}/${this.cfg.MESSENGER_PAGE_ID}/messages`;
    const c = req.content;
    let init: RequestInit;
    if (c.kind === 'upload') {
      // Uploaded with the send: multipart, the JSON parameters as fields beside `filedata`.
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) {
        form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      }
      form.set(
        'message',
        JSON.stringify({ attachment: { type: c.type, payload: { is_reusable: false } } }),
      );
      form.set(
        'filedata',
        new Blob([new Uint8Array(c.bytes)], { type: c.contentType }),
        c.filename,
      );
      init = { method: 'POST', body: form };
    } else {
      const message =
        c.kind === 'text'
          ? { text: c.text }
          : { attachment: { type: c.type, payload: { url: c.url, is_reusable: false } } };
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...fields, message }),
      };
    }
    const answer = await this.call<{ message_id?: string }>(url, init);
    if (!answer.message_id)
      throw new GraphApiError(200, null, 'Meta answered without a message_id');
    return answer.message_id;
  }

  /** The person's name: Messenger's name (first and last), Instagram's name or user name. */
  async nameOf(person: Person, timeoutMs = TIMEOUT_MS): Promise<string | null> {
    const fields = person.platform === 'messenger' ? 'first_name,last_name,name' : 'name,username';
    const p = await this.call<Record<string, string | undefined>>(
      `${this.base}/${encodeURIComponent(person.id)}?fields=${fields}`,
      { method: 'GET' },
      timeoutMs,
    );
    const name =
      p.name?.trim() || [p.first_name, p.last_name].filter(Boolean).join(' ').trim() || p.username;
    return name || null;
  }

  /**
   * The recent messages of the Page's conversation with a person, newest first (Meta shows the
   * details of the 20 most recent): what a crashed send may have left behind.
   */
  async conversation(person: Person): Promise<ConversationMessage[]> {
    const query = new URLSearchParams({
      platform: person.platform,
      user_id: person.id,
      fields: 'messages{id,created_time,from,message,attachments{name}}',
    });
    const page = await this.call<{
      data?: {
        messages?: {
          data?: {
            id: string;
            created_time: string;
            from?: { id?: string };
            message?: string;
            attachments?: { data?: { name?: string }[] };
          }[];
        };
      }[];
    }>(`${this.base}/${this.cfg.MESSENGER_PAGE_ID}/conversations?${query.toString()}`, {
      method: 'GET',
    });
    return (page.data ?? []).flatMap((thread) =>
      (thread.messages?.data ?? []).map((m) => ({
        id: m.id,
        createdTime: graphDate(m.created_time),
        fromId: m.from?.id ?? '',
        text: m.message ?? '',
        attachmentNames: (m.attachments?.data ?? []).map((a) => a.name ?? '').filter(Boolean),
      })),
    );
  }

  /**
   * A file a person sent, from Meta's CDN: its URLs are signed and public, so the Page token is
   * never sent along (a CDN is no place for it).
   */
  async download(url: string): Promise<Download> {
    const res = await this.request(url, { method: 'GET' });
    if (!res.ok) throw await errorOf(res);
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_DOWNLOAD_BYTES) {
      await res.body?.cancel();
      throw new GraphApiError(res.status, null, `a file of ${length} bytes is too large`);
    }
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  private async call<T>(url: string, init: RequestInit, timeoutMs = TIMEOUT_MS): Promise<T> {
    const res = await this.request(
      url,
      {
        ...init,
        headers: { ...init.headers, authorization: this.auth, accept: 'application/json' },
      },
      timeoutMs,
    );
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }

  private async request(url: string, init: RequestInit, timeoutMs = TIMEOUT_MS): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new GraphApiError(null, null, cause ?? (err as Error).message);
    }
  }
}

async function errorOf(res: Response): Promise<GraphApiError> {
  const text = await res.text().catch(() => '');
  let body: GraphErrorBody = {};
  try {
    body = JSON.parse(text) as GraphErrorBody;
  } catch {
    // Not Graph's JSON (a proxy's page, the CDN's refusal): the status says enough.
  }
  const e = body.error;
  return new GraphApiError(
    res.status,
    typeof e?.code === 'number' ? e.code : null,
    e?.message ?? (text.slice(0, 200) || res.statusText),
    typeof e?.error_subcode === 'number' ? e.error_subcode : null,
    e?.fbtrace_id ?? null,
  );
}

/** Graph writes times as `2026-12-07T20:16:32+0000`. */
function graphDate(s: string): Date {
  return new Date(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}
