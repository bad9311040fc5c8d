import { Inject, Injectable } from '@nestjs/common';
import type { AttachmentMeta } from '@casehub/domain';
import type { Upload } from '../bot-api/telegram-client.js';
import { TelegramFiles } from '../state/telegram-files.js';
import { AttachmentUnavailable } from './send-verdict.js';

/** Telegram takes uploads up to 50 MB (10 MB for a photo). */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 20_000;

/**
 * The bytes of a reply's attachments: a file this plugin keeps (a customer's photo an agent
 * sends on, `nats-object://<its bucket>/<name>`) or an http(s) URL, fetched here; Telegram is
 * never handed a URL to fetch itself. Other object stores are not opened: a URL in a reply
 * must not make the plugin create buckets.
 */
@Injectable()
export class AttachmentSource {
  constructor(@Inject(TelegramFiles) private readonly files: TelegramFiles) {}

  async read(a: AttachmentMeta): Promise<Upload> {
    const bytes = await this.bytes(a);
    if (bytes.length > MAX_UPLOAD_BYTES)
      throw new AttachmentUnavailable(`attachment ${a.filename} is over Telegram's 50 MB`);
    return { bytes, filename: a.filename, contentType: a.contentType };
  }

  private async bytes(a: AttachmentMeta): Promise<Buffer> {
    const url = a.url ?? '';
    const ours = `nats-object://${this.files.bucket}/`;
    if (url.startsWith(ours)) {
      const data = await this.files.read(decodeURIComponent(url.slice(ours.length)));
      if (!data) throw new AttachmentUnavailable(`attachment ${a.filename} is no longer stored`);
      return data;
    }
    if (!/^https?:\/\//i.test(url))
      throw new AttachmentUnavailable(
        `attachment ${a.filename} has no URL this plugin can fetch (${url || 'none'})`,
      );
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (err) {
      // The network may come back: an ordinary error, retried.
      throw new Error(`attachment ${a.filename}: ${(err as Error).message}`);
    }
    if (res.status >= 500) throw new Error(`attachment ${a.filename}: HTTP ${res.status}`);
    if (!res.ok)
      throw new AttachmentUnavailable(`attachment ${a.filename}: HTTP ${res.status} at ${url}`);
    if (Number(res.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES) {
      await res.body?.cancel();
      throw new AttachmentUnavailable(`attachment ${a.filename} is over Telegram's 50 MB`);
    }
    return Buffer.from(await res.arrayBuffer());
  }
}
