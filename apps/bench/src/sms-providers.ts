/**
 * The SMS plugins `pnpm bench:sms` knows (BENCH_SMS_PLUGINS), each with its provider's fake and
 * its raw baseline. Adding one: a fake in a child process that speaks the protocol of
 * fake-twilio-process.ts (`info`, `callbacks`, `reset`, `wait`, `check`), a raw sender that
 * speaks that of sms-twilio-raw.ts (`load`, `send`) with the plugin's own client, and an entry
 * here. Nothing else changes: the orchestrator, the workload, the checks and the report are the
 * same for every provider. (A fake whose protocol carries no message id, as SMPP's, counts texts
 * per destination and text instead: FakeCheck.byText.)
 */
import type { BuiltExport } from './built.js';

export interface SmsProvider {
  /** The plugin's directory under plugins/ (and its BENCH_SMS_PLUGINS name). */
  name: string;
  /** For the summary: the fake the plugin talks to, and what the raw baseline sends with. */
  fakeLabel: string;
  rawLabel: string;
  /** Child scripts next to this file: the provider's fake, and the raw baseline. */
  fakeScript: string;
  rawScript: string;
  /** The plugin's definition and module in its dist/, as `createPluginApp` takes them. */
  definition: BuiltExport;
  module: BuiltExport;
  /**
   * Set for a plugin that keeps at most a window of requests unanswered whatever its event
   * concurrency (SMPP's SMPP_WINDOW): the raw baseline keeps the same window (`window` below, from
   * BENCH_SMS_SMPP_WINDOW) rather than the plugin's event concurrency.
   */
  windowed?: boolean;
  /** For the summary: what the fake does with status callbacks or receipts, per BENCH_SMS_CALLBACKS. */
  callbacksLabel: { off: string; plugin: string };
  /**
   * The plugin's settings (and the raw sender's) besides NATS: `fakeEnv` is what the fake says
   * reaches it (its `info`), `port` a free port for the plugin's webhooks, `window` the requests
   * the raw baseline keeps in flight.
   */
  env(fakeEnv: Record<string, string>, port: number, window: number): Record<string, string>;
}

export const SMS_PROVIDERS: Record<string, SmsProvider> = {
  'sms-twilio': {
    name: 'sms-twilio',
    fakeLabel: 'FakeTwilio (packages/provider-fakes)',
    rawLabel: "the plugin's TwilioClient.send (fetch)",
    fakeScript: 'fake-twilio-process.js',
    rawScript: 'sms-twilio-raw.js',
    definition: { file: 'dist/sms-twilio.plugin.js', export: 'smsTwilioPlugin' },
    module: { file: 'dist/sms-twilio.module.js', export: 'SmsTwilioModule' },
    callbacksLabel: {
      off: "status callbacks answered in the fake's process",
      plugin: "status callbacks to the plugin's webhook in the plugin run",
    },
    env: (fakeEnv, port) => ({
      ...fakeEnv, // TWILIO_API_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM
      SMS_TWILIO_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMS_TWILIO_PORT: String(port),
      SMS_TWILIO_HOST: '127.0.0.1',
    }),
  },
  'sms-smpp': {
    name: 'sms-smpp',
    fakeLabel: "an SMSC on the smpp library's server (smsc-process.ts)",
    rawLabel: "the plugin's SmppClient (one bind), channel-kit's splitForSmpp",
    fakeScript: 'smsc-process.js',
    rawScript: 'sms-smpp-raw.js',
    definition: { file: 'dist/sms-smpp.plugin.js', export: 'smsSmppPlugin' },
    module: { file: 'dist/sms-smpp.module.js', export: 'SmsSmppModule' },
    windowed: true,
    callbacksLabel: {
      off: 'no delivery receipts',
      plugin: 'a DELIVRD receipt per part to the plugin in the plugin run',
    },
    env: (fakeEnv, _port, window) => ({
      ...fakeEnv, // SMPP_URL, SMPP_SOURCE_ADDR
      SMPP_WINDOW: String(window),
      // The most the plugin's settings allow (10000 a second): evenly spaced, 0.1 ms apart.
      SMPP_THROUGHPUT: '10000',
    }),
  },
};
