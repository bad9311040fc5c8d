import type { NatsConnection } from '@nats-io/transport-node';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { AttachmentMeta } from '@casehub/domain';

/**
 * The bytes of customers' MMS media, in a JetStream object store the plugin's replicas share (and
 * a NATS cluster replicates). Attachment URLs name the object: `nats-object://<bucket>/<name>`.
 */
export class MediaFiles {
  private constructor(
    /** The bucket's name, for attachment URLs. */
    readonly bucket: string,
    private readonly files: ObjectStore,
  ) {}

  static async open(nc: NatsConnection, stream: string): Promise<MediaFiles> {
    const bucket = `casehub_sms_twilio_files_${stream}`;
    return new MediaFiles(bucket, await new Objm(nc).create(bucket));
  }

  /** Stores a file once under its name (names are derived from Twilio's media sids). */
  async keep(
    name: string,
    data: Buffer,
    meta: { filename: string; contentType: string },
  ): Promise<AttachmentMeta> {
    if (!(await this.files.info(name))) {
      await this.files.putBlob({ name, description: meta.contentType }, new Uint8Array(data));
    }
    return {
      filename: meta.filename.slice(0, 255) || 'attachment',
      contentType: meta.contentType.slice(0, 255),
      size: data.length,
      url: `nats-object://${this.bucket}/${encodeURIComponent(name)}`,
    };
  }

  async read(name: string): Promise<Buffer | null> {
    const data = await this.files.getBlob(name);
    return data ? Buffer.from(data) : null;
  }
}
