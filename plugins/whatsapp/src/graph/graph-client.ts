import { Injectable } from '@nestjs/common';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { WhatsAppConfig } from '../whatsapp.config.js';
import { GraphApiError, graphErrorOf } from './graph-api-error.js';
import type { GraphTemplate, MediaInfo, OutboundMessage, SendResult } from './graph-types.js';

/** A downloaded media file. */
export interface Media {
  bytes: Buffer;
  mimeType: string;
}

/** Well inside the 30 s a handler has before JetStream hands its event to another replica. */
const TIMEOUT_MS = 10_000;
/** WhatsApp's largest media (documents) are 100 MB. */
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
/** Graph's page size maximum for template lists is far above this; few accounts have more. */
const TEMPLATE_PAGE = 100;

/**
 * A thin typed client over `fetch` for the parts of the WhatsApp Cloud API (Graph) this plugin
 * uses: sending messages, uploading and downloading media, listing templates. Bearer token,
 * JSON bodies, Graph's error envelope as GraphApiError.
 */
@Injectable()
export class GraphClient {
  private readonly base: string;
  private readonly auth: string;

  constructor(@InjectPluginConfig() private readonly cfg: WhatsAppConfig) {
    this.base = `${cfg.WHATSAPP_API_URL}/${cfg.WHATSAPP_API_VERSION}`;
    this.auth = `Bearer ${cfg.WHATSAPP_TOKEN}`;
  }

  /** `POST /{phone-number-id}/messages`: resolves with the message's `wamid`. */
  async send(message: OutboundMessage): Promise<string> {
    const res = await this.call<SendResult>(
      `${this.base}/${this.cfg.WHATSAPP_PHONE_NUMBER_ID}/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
      },
    );
    const id = res.messages?.[0]?.id;
    if (!id) throw new GraphApiError(200, null, 'Graph accepted the message without a message id');
    return id;
  }

  /** `POST /{phone-number-id}/media` (multipart): the new media id, to send by. */
  async upload(bytes: Buffer, mimeType: string, filename: string): Promise<string> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', mimeType);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: mimeType }), filename);
    const res = await this.call<{ id?: string }>(
      `${this.base}/${this.cfg.WHATSAPP_PHONE_NUMBER_ID}/media`,
      { method: 'POST', body: form },
    );
    if (!res.id) throw new GraphApiError(200, null, 'Graph took the upload without a media id');
    return res.id;
  }

  /**
   * A customer's media file: `GET /{media-id}` for its short-lived URL, then the bytes from that
   * URL, which wants the same bearer token (sent only over https, or to the API's own origin).
   */
  async download(mediaId: string): Promise<Media> {
    const info = await this.call<MediaInfo>(`${this.base}/${encodeURIComponent(mediaId)}`, {
      method: 'GET',
    });
    const url = new URL(info.url);
    const trusted =
      url.protocol === 'https:' || url.origin === new URL(this.cfg.WHATSAPP_API_URL).origin;
    const res = await this.request(info.url, {
      method: 'GET',
      headers: trusted ? { authorization: this.auth } : {},
    });
    if (!res.ok) throw await graphErrorOf(res);
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_MEDIA_BYTES) {
      await res.body?.cancel();
      throw new GraphApiError(res.status, null, `media of ${length} bytes is too large`);
    }
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      mimeType: (info.mime_type || res.headers.get('content-type') || 'application/octet-stream')
        .split(';')[0]
        .trim()
        .toLowerCase(),
    };
  }

  /** Every template of the business account, page by page (`paging.cursors.after`). */
  async templates(businessAccountId: string): Promise<GraphTemplate[]> {
    const out: GraphTemplate[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const query = new URLSearchParams({
        fields: 'name,language,status,category,components',
        limit: String(TEMPLATE_PAGE),
      });
      if (after) query.set('after', after);
      const res = await this.call<{
        data?: GraphTemplate[];
        paging?: { cursors?: { after?: string }; next?: string };
      }>(`${this.base}/${businessAccountId}/message_templates?${query.toString()}`, {
        method: 'GET',
      });
      out.push(...(res.data ?? []));
      after = res.paging?.next ? (res.paging.cursors?.after ?? null) : null;
      if (!after) return out;
    }
    return out;
  }

  private async call<T>(url: string, init: RequestInit): Promise<T> {
    const res = await this.request(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: this.auth },
    });
    if (!res.ok) throw await graphErrorOf(res);
    return (await res.json()) as T;
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new GraphApiError(null, null, cause ?? (err as Error).message);
    }
  }
}
