import type { NatsConnection } from '@nats-io/transport-node';
import { AttachmentFiles } from '@casehub/plugin-sdk';

/**
 * The bytes of customers' photos, documents, voice notes, … (`casehub_telegram_files_<stream>`),
 * kept as the SDK keeps every plugin's attachments; their URLs are `nats-object://<bucket>/<name>`.
 */
export { AttachmentFiles as TelegramFiles };

export function openTelegramFiles(nc: NatsConnection, stream: string): Promise<AttachmentFiles> {
  return AttachmentFiles.open(nc, `casehub_telegram_files_${stream}`);
}
