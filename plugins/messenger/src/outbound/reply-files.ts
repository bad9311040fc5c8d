import { Inject, Injectable } from '@nestjs/common';
import { AttachmentFiles, PermanentFailure, PluginContext } from '@casehub/plugin-sdk';

/**
 * The bytes of a reply's attachment kept on NATS (`nats-object://<bucket>/<name>`, by the core
 * or another plugin), to upload with the send.
 */
@Injectable()
export class ReplyFiles {
  private readonly buckets = new Map<string, Promise<AttachmentFiles>>();

  constructor(@Inject(PluginContext) private readonly ctx: PluginContext) {}

  async read(url: string): Promise<Buffer> {
    const m = /^nats-object:\/\/([^/]+)\/(.+)$/.exec(url);
    if (!m) throw new PermanentFailure(`${url} is not a file kept on NATS`);
    let bucket = this.buckets.get(m[1]);
    if (!bucket) {
      bucket = AttachmentFiles.open(this.ctx.nc, m[1]);
      this.buckets.set(m[1], bucket);
      bucket.catch(() => this.buckets.delete(m[1]));
    }
    const bytes = await (await bucket).read(decodeURIComponent(m[2]));
    if (!bytes) throw new PermanentFailure(`the attachment ${url} is no longer kept`);
    return bytes;
  }
}
