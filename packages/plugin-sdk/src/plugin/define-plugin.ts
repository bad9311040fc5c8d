import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Channel, EventName } from '@casehub/domain';
import type { JetStreamTransportOptions } from '../jetstream.options.js';

/** The plugin's settings as environment variables, before validation. */
export type PluginEnv = Record<string, string | undefined>;

/**
 * Everything the hub needs to know about a plugin, in one place: its manifest (name, version,
 * the events it consumes, the channels it serves) and the schema of its settings. Any Standard
 * Schema validator works (zod 4, valibot, arktype); its output is what handlers get injected.
 */
export interface PluginDefinition<Config = PluginEnv> {
  /** 1–64 letters, digits, _ or -: also the name of the plugin's durable consumer. */
  name: string;
  /** The plugin package's own semver. */
  version: string;
  /** Events it handles, as the core lists them; events without a handler are passed over. */
  consumes: readonly EventName[];
  /** Channels it serves (empty for connectors). */
  channels?: readonly Channel[];
  description?: string;
  /** Validates the plugin's environment at start; a bad value stops start-up naming it. */
  config?: StandardSchemaV1<Record<string, unknown>, Config>;
  /** Delivery settings (retries, concurrency, ...) this plugin needs beyond the defaults. */
  delivery?: Omit<JetStreamTransportOptions, 'plugin' | 'manifest'>;
}

/** What `definePlugin` infers the validated settings to be. */
export type PluginConfigOf<D> = D extends PluginDefinition<infer C> ? C : never;

/** Declares a plugin (see PluginDefinition); keeps the config type for `@InjectPluginConfig()`. */
export function definePlugin<Config = PluginEnv>(
  definition: PluginDefinition<Config>,
): PluginDefinition<Config> {
  return definition;
}
