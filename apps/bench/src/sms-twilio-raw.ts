/**
 * Child process: the raw baseline of `pnpm bench:sms` for the Twilio plugin. The plugin's own
 * Twilio client (plugins/sms-twilio/dist/twilio/twilio-client.js, reached by path), built from
 * the plugin's settings as the plugin builds it, sends the very texts the plugin sends for the
 * same replies: same To, From, Body and StatusCallback (the form body), same Basic auth, same
 * fetch with its timeout, `concurrency` sends in flight. No events, no state (the plugin's
 * key-value writes around each send), no delivery reports: what the client and the fake take.
 *
 * Requests (every raw sender of the benchmark speaks them): `load` {tag, messages,
 * repliesPerCase} (makes the texts), `send` {tag, concurrency}, `stop`.
 */
import 'reflect-metadata';
import { loadPluginConfig, type PluginDefinition } from '@casehub/plugin-sdk';
import { loadPluginExport } from './built.js';
import { serve } from './ipc.js';
import { sendAll } from './raw-sends.js';
import { SMS_PROVIDERS } from './sms-providers.js';
import { smsWorkload } from './sms-workload.js';

/** The parts of the plugin's TwilioClient (src/twilio/twilio-client.ts) used here. */
interface SendRequest {
  to: string;
  body: string;
  statusCallback?: string;
}
interface TwilioClient {
  send(req: SendRequest): Promise<{ sid: string }>;
}
type TwilioClientClass = new (cfg: TwilioConfig) => TwilioClient;
interface TwilioConfig {
  SMS_TWILIO_PUBLIC_URL: string;
}

const provider = SMS_PROVIDERS['sms-twilio'];
const definition = await loadPluginExport<PluginDefinition<TwilioConfig>>(
  provider.name,
  provider.definition,
);
const TwilioClientImpl = await loadPluginExport<TwilioClientClass>(provider.name, {
  file: 'dist/twilio/twilio-client.js',
  export: 'TwilioClient',
});
const cfg = await loadPluginConfig(definition, process.env);
const client = new TwilioClientImpl(cfg);
const sets = new Map<string, SendRequest[]>();

/** What ReplyDelivery hands the client for each reply (one part: the bodies fit in one). */
function compose(tag: string, messages: number, repliesPerCase: number): SendRequest[] {
  return smsWorkload(tag, messages, repliesPerCase).map(({ case: c, message: m }) => ({
    to: c.contact!.phone!,
    body: m.body,
    statusCallback: `${cfg.SMS_TWILIO_PUBLIC_URL}/twilio/status?messageId=${encodeURIComponent(m.id)}`,
  }));
}

serve({
  load: (o: { tag: string; messages: number; repliesPerCase: number }) => {
    sets.set(o.tag, compose(o.tag, o.messages, o.repliesPerCase));
  },
  send: ({ tag, concurrency }: { tag: string; concurrency: number }) => {
    const texts = sets.get(tag);
    if (!texts) throw new Error(`no texts loaded as ${tag}`);
    return sendAll(texts, concurrency, (text) => client.send(text));
  },
  stop: () => {
    setTimeout(() => process.exit(0), 10);
  },
});
