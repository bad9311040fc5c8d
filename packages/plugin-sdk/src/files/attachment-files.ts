import type { NatsConnection } from '@nats-io/transport-node';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { AttachmentMeta } from '@casehub/domain';

/**
 * The bytes behind messages' attachments, in a JetStream object store a plugin's replicas share
 * (and a NATS cluster replicates). An attachment's URL names its object:
 * `nats-object://<bucket>/<name>`, which any plugin on the same NATS can read back.
 */
export class AttachmentFiles {
  private constructor(
    /** The bucket's name, for attachment URLs. */
    readonly bucket: string,
    private readonly store: ObjectStore,
  ) {}

  /** Opens (or creates) the bucket. */
  static async open(nc: NatsConnection, bucket: string): Promise<AttachmentFiles> {
    return new AttachmentFiles(bucket, await new Objm(nc).create(bucket));
  }

  /** Stores a file once under its name (give content- or provider-derived names); its meta. */
  async keep(
    name: string,
    data: Buffer,
    meta: { filename: string; contentType: string; contentId?: string },
  ): Promise<AttachmentMeta> {
    if (!(await this.store.info(name))) {
      await this.store.putBlob({ name, description: meta.contentType }, new Uint8Array(data));
    }
    return {
      filename: meta.filename.slice(0, 255) || 'attachment',
      contentType: meta.contentType.slice(0, 255),
      size: data.length,
      url: `nats-object://${this.bucket}/${encodeURIComponent(name)}`,
      ...(meta.contentId ? { contentId: meta.contentId.slice(0, 255) } : {}),
    };
  }

  /** The bytes of a file kept here, or null. */
  async read(name: string): Promise<Buffer | null> {
    const data = await this.store.getBlob(name);
    return data ? Buffer.from(data) : null;
  }
}
