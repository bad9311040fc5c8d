import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
  /**
   * Serve HTTP as well (a page customers open, a provider's webhooks): where to listen, from the
   * validated settings. The plugin's module then serves its `@Get()`/`@Post()` controllers on
   * Fastify beside its event handlers, JSON and HTML form bodies parsed, each request's bytes
   * kept in `req.rawBody` for signature checks.
   */
  http?(config: Config): PluginHttpOptions;
  /**
   * Runs before the HTTP server starts (only with `http`): register Fastify plugins such as
   * `@fastify/helmet` or `@fastify/rate-limit` (`await app.register(...)`), CORS, global pipes.
   */
  configureHttp?(app: NestFastifyApplication, config: Config): Promise<void> | void;
}

/** Where and how a plugin serves HTTP (what `PluginDefinition.http` returns). */
export interface PluginHttpOptions {
  /** TCP port; `0` takes any free one (`pluginHttpUrl(app)` tells which). */
  port: number;
  /** Address to listen on. Default `0.0.0.0` (every interface, as the core); `127.0.0.1` keeps it local. */
  host?: string;
  /**
   * Which proxies to believe about the client (`X-Forwarded-For`, `-Proto`, `-Host`), as
   * Fastify's `trustProxy`: the proxies' addresses or CIDRs (`'127.0.0.1,10.0.0.0/8'` or an
   * array), or `true` for any peer (only where nothing but the proxy can reach the plugin).
   * Default `false`: `req.ip` is the peer's address. Behind a reverse proxy, name it, or rate
   * limits count every customer as the proxy.
   */
  trustProxy?: boolean | string | string[];
}

/** A definition with `http`: `createPluginApp` gives a `NestFastifyApplication` for it. */
export type HttpPluginDefinition<Config = PluginEnv> = PluginDefinition<Config> &
  Required<Pick<PluginDefinition<Config>, 'http'>>;

/** What `definePlugin` infers the validated settings to be. */
export type PluginConfigOf<D> = D extends PluginDefinition<infer C> ? C : never;

/**
 * Declares a plugin (see PluginDefinition); keeps the config type for `@InjectPluginConfig()`,
 * and whether it serves HTTP for the type of the app `createPluginApp` returns.
 */
export function definePlugin<Config = PluginEnv>(
  definition: HttpPluginDefinition<Config>,
): HttpPluginDefinition<Config>;
export function definePlugin<Config = PluginEnv>(
  definition: PluginDefinition<Config>,
): PluginDefinition<Config>;
export function definePlugin<Config>(
  definition: PluginDefinition<Config>,
): PluginDefinition<Config> {
  return definition;
}
