import type { NatsConnection } from '@nats-io/transport-node';
import { AttachmentFiles } from '@casehub/plugin-sdk';

/**
 * The bytes of customers' WhatsApp media (`casehub_whatsapp_files_<stream>`), kept as the SDK
 * keeps every plugin's attachments; their URLs are `nats-object://<bucket>/<name>`.
 */
export { AttachmentFiles as MediaFiles };

export function openMediaFiles(nc: NatsConnection, stream: string): Promise<AttachmentFiles> {
  return AttachmentFiles.open(nc, `casehub_whatsapp_files_${stream}`);
}
