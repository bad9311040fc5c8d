import { Inject, Injectable } from '@nestjs/common';
import type { AttachmentMeta } from '@casehub/domain';
import { AttachmentFiles, PluginContext } from '@casehub/plugin-sdk';

/** A reply's attachment that cannot be had: the reply fails with this reason, never goes without it. */
export class AttachmentUnavailable extends Error {
  override name = 'AttachmentUnavailable';
}

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 100 * 1024 * 1024;

/**
 * The bytes of a reply's attachments: files kept in a JetStream object store of the hub
 * (`nats-object://<bucket>/<name>`, e.g. a customer's photo forwarded) or an http(s) URL.
 */
@Injectable()
export class ReplyFiles {
  private readonly buckets = new Map<string, Promise<AttachmentFiles>>();

  constructor(@Inject(PluginContext) private readonly ctx: PluginContext) {}

  async bytesOf(a: AttachmentMeta): Promise<Buffer> {
    const url = a.url ?? '';
    const object = /^nats-object:\/\/([^/]+)\/(.+)$/.exec(url);
    if (object) {
      const bucket = decodeURIComponent(object[1]);
      let files = this.buckets.get(bucket);
      if (!files) {
        files = AttachmentFiles.open(this.ctx.nc, bucket);
        this.buckets.set(bucket, files);
      }
      const bytes = await (await files).read(decodeURIComponent(object[2]));
      if (!bytes) throw new AttachmentUnavailable(`attachment ${a.filename} is no longer stored`);
      return bytes;
    }
    if (/^https?:\/\//i.test(url)) {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch(
        (err: Error) => {
          throw new AttachmentUnavailable(`attachment ${a.filename}: ${err.message}`);
        },
      );
      if (!res.ok) throw new AttachmentUnavailable(`attachment ${a.filename}: HTTP ${res.status}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > MAX_BYTES)
        throw new AttachmentUnavailable(`attachment ${a.filename} is larger than 100 MB`);
      return bytes;
    }
    throw new AttachmentUnavailable(
      `attachment ${a.filename} has no URL this plugin can fetch (${url || 'none'})`,
    );
  }
}
