import type { NatsConnection } from '@nats-io/transport-node';
import { AttachmentFiles } from '@casehub/plugin-sdk';

/**
 * The bytes of files people send (`casehub_messenger_files_<stream>`), kept as the SDK keeps
 * every plugin's attachments; their URLs are `nats-object://<bucket>/<name>`.
 */
export { AttachmentFiles as MessengerFiles };

export function openMessengerFiles(nc: NatsConnection, stream: string): Promise<AttachmentFiles> {
  return AttachmentFiles.open(nc, `casehub_messenger_files_${stream}`);
}
