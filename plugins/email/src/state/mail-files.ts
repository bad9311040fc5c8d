import type { NatsConnection } from '@nats-io/transport-node';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { AttachmentMeta } from '@casehub/domain';

export interface QuarantinedMail {
  name: string;
  reason: string;
  size: number;
  at: string;
}

/**
 * The bytes behind the messages, in a JetStream object store the plugin's replicas share (and a
 * NATS cluster replicates): each mail as received (original.eml), its attachments, and the
 * mails it could not read, kept with the reason. Attachment URLs name the object:
 * `nats-object://<bucket>/<name>`.
 */
export class MailFiles {
  private constructor(
    /** The files bucket's name, for attachment URLs. */
    readonly bucket: string,
    private readonly files: ObjectStore,
    private readonly quarantine: ObjectStore,
  ) {}

  static async open(nc: NatsConnection, stream: string): Promise<MailFiles> {
    const objm = new Objm(nc);
    const bucket = `casehub_email_files_${stream}`;
    return new MailFiles(
      bucket,
      await objm.create(bucket),
      await objm.create(`casehub_email_quarantine_${stream}`),
    );
  }

  /** Stores a file once under its name (names are content-derived); returns its meta. */
  async keep(
    name: string,
    data: Buffer,
    meta: { filename: string; contentType: string; contentId?: string },
  ): Promise<AttachmentMeta> {
    if (!(await this.files.info(name))) {
      await this.files.putBlob({ name, description: meta.contentType }, new Uint8Array(data));
    }
    return {
      filename: meta.filename.slice(0, 255) || 'attachment',
      contentType: meta.contentType.slice(0, 255),
      size: data.length,
      url: `nats-object://${this.bucket}/${encodeURIComponent(name)}`,
      ...(meta.contentId ? { contentId: meta.contentId.slice(0, 255) } : {}),
    };
  }

  async read(name: string): Promise<Buffer | null> {
    const data = await this.files.getBlob(name);
    return data ? Buffer.from(data) : null;
  }

  async putInQuarantine(name: string, raw: Buffer, reason: string): Promise<void> {
    await this.quarantine.putBlob(
      { name, description: reason.slice(0, 1000), headers: undefined },
      new Uint8Array(raw),
    );
  }

  async quarantined(): Promise<QuarantinedMail[]> {
    const list = await this.quarantine.list();
    return list
      .filter((o) => !o.deleted)
      .map((o) => ({ name: o.name, reason: o.description ?? '', size: o.size, at: o.mtime }));
  }

  async quarantinedRaw(name: string): Promise<Buffer | null> {
    const data = await this.quarantine.getBlob(name);
    return data ? Buffer.from(data) : null;
  }
}
