import { z } from 'zod';
import { channelSchema } from '../case/channel.js';

/**
 * The event contract this release speaks, `major.minor`. A plugin built for another major is
 * refused by the core; a newer minor only adds fields and events, so it is accepted.
 */
export const CONTRACT_VERSION = '1.0';

const contractVersion = z
  .string()
  .regex(/^\d+\.\d+$/, 'a contract version is major.minor, e.g. 1.0');

/** What a plugin says about itself when it registers with the core and in each heartbeat. */
export const pluginManifestSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 letters, digits, _ or -'),
  version: z.string().min(1).max(64).describe("The plugin package's own semver."),
  contract: contractVersion.describe('The event contract version it was built against.'),
  consumes: z.array(z.string()).describe('Event names it handles, e.g. case.resolved.'),
  channels: z.array(channelSchema).describe('Channels it serves (empty for connectors).'),
  description: z.string().max(500).optional(),
});
export type PluginManifest = z.infer<typeof pluginManifestSchema>;

/** Whether a core speaking `core` accepts a plugin built for `plugin`: the same major. */
export function contractCompatible(core: string, plugin: string): boolean {
  return core.split('.')[0] === plugin.split('.')[0];
}

/** Core NATS subjects (not JetStream) of the registration handshake and heartbeats. */
export function controlSubject(kind: 'register' | 'heartbeat', prefix = 'casehub'): string {
  return `${prefix}.control.plugins.${kind}`;
}
