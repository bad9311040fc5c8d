import type { NatsConnection } from '@nats-io/transport-node';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { AttachmentMeta } from '@casehub/domain';
import { AttachmentFiles } from '@casehub/plugin-sdk';

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
    private readonly files: AttachmentFiles,
    private readonly quarantine: ObjectStore,
  ) {}

  static async open(nc: NatsConnection, stream: string): Promise<MailFiles> {
    return new MailFiles(
      await AttachmentFiles.open(nc, `casehub_email_files_${stream}`),
      await new Objm(nc).create(`casehub_email_quarantine_${stream}`),
    );
  }

  /** The files bucket's name, for attachment URLs. */
  get bucket(): string {
    return this.files.bucket;
  }

  /** Stores a file once under its name (names are content-derived); returns its meta. */
  keep(
    name: string,
    data: Buffer,
    meta: { filename: string; contentType: string; contentId?: string },
  ): Promise<AttachmentMeta> {
    return this.files.keep(name, data, meta);
  }

  read(name: string): Promise<Buffer | null> {
    return this.files.read(name);
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
