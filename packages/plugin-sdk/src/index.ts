export {
  definePlugin,
  type PluginDefinition,
  type HttpPluginDefinition,
  type PluginHttpOptions,
  type PluginConfigOf,
  type PluginEnv,
} from './plugin/define-plugin.js';
export { loadPluginConfig, PluginConfigError } from './plugin/plugin-config.js';
export { PLUGIN_CONFIG, InjectPluginConfig, PluginContext } from './plugin/plugin-context.js';
export { createPluginApp, type PluginAppOptions } from './plugin/plugin-app.js';
export { pluginHttpUrl } from './plugin/plugin-http-url.js';
export type { NestFastifyApplication } from '@nestjs/platform-fastify';
export { runPlugin, EXIT_CONFIG } from './plugin/run-plugin.js';
export {
  CoreClient,
  type CoreClientOptions,
  type InteractionView,
  type Page,
  type AgentView,
  type CreateAgentRequest,
  type GroupView,
  type CreateGroupRequest,
  type TierView,
} from './core-client/core-client.js';
export { CoreApiError, type Problem } from './core-client/core-api-error.js';
export { JetStreamTransport } from './jetstream.server.js';
export { JetStreamContext } from './jetstream.context.js';
export type { JetStreamTransportOptions } from './jetstream.options.js';
export { OnCaseEvent } from './case-event.decorator.js';
export { PluginErrorFilter } from './plugin-error.filter.js';
export { PermanentFailure, isPermanent } from './permanent-failure.js';
export { HandleLater } from './handle-later.js';
export { stableUuid } from './stable-uuid.js';
export { settings } from './plugin/setting-schemas.js';
export { RegistrationRefused, type ManifestInput } from './registration.js';
export { DEAD_LETTER_HEADERS, deadLetterStream, deadLetterSubject } from './dead-letter.js';
export {
  InboundPublisher,
  type InboundMessageInput,
  type InboundDeliveryInput,
  type InboundConsentInput,
  type InboundSurveyDecisionInput,
  type InboundSurveyResponseInput,
} from './inbound-publisher.js';
export {
  StreamPublisher,
  JetStreamPublishError,
  type StreamMessage,
  type PubAck,
} from './nats/stream-publisher.js';
export { inboxBucket } from './inbox.js';
export { DeadLetters, deadLetterEvent, type DeadLetter } from './dead-letters.js';
export { AttachmentFiles } from './files/attachment-files.js';
export { MessageTemplates } from './templates/message-templates.js';
export {
  DeliveryReports,
  type DeliveryReport,
  type MovesForward,
} from './delivery/delivery-reports.js';
export { ReportedStatuses, type ReportedStatus } from './delivery/reported-statuses.js';
export { kvKey } from './delivery/kv-key.js';
export { KvLease } from './lease/kv-lease.js';
export { SendRecords } from './delivery/send-records.js';
export { KvBucket, type KvValue } from './nats/kv-bucket.js';
