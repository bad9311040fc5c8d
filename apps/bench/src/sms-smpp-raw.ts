/**
 * Child process: the raw baseline of `pnpm bench:sms` for the SMPP plugin. One bind_transceiver
 * with the plugin's own SMPP client (plugins/sms-smpp/dist/smpp/smpp-client.js, the typed wrapper
 * over the `smpp` library, reached by path), from the plugin's settings as the plugin reads them
 * (SMPP_URL, SMPP_SOURCE_ADDR), submitting the very parts the plugin submits for the same
 * replies: the text encoded and split by channel-kit's `splitForSmpp` (packages/channel-kit/dist),
 * each part of a long text behind `concatUdh(ref, total, seq)` with esm_class 0x40, the same
 * addresses, data_coding and registered_delivery, the texts in order and their parts in order,
 * at most `concurrency` submits unanswered (the plugin's SMPP_WINDOW; its own Window class), no
 * pacing. No events, no state (the plugin's key-value writes around each part), no delivery
 * reports: what the client and the SMSC take.
 *
 * Requests (every raw sender of the benchmark speaks them): `load` {tag, messages,
 * repliesPerCase} (makes the texts), `send` {tag, concurrency}, `stop`.
 */
import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { loadPluginConfig, type PluginDefinition } from '@casehub/plugin-sdk';
import { wallMs } from './clock.js';
import { serve } from './ipc.js';
import { builtUrl, loadPluginExport } from './built.js';
import { SMS_PROVIDERS } from './sms-providers.js';
import { smsWorkload } from './sms-workload.js';

/** The parts of the plugin's SmppClient (src/smpp/smpp-client.ts) used here. */
interface Pdu {
  command_status: number;
  [field: string]: unknown;
  response(options?: Record<string, unknown>): Pdu;
}
interface SmppClient {
  request(command: string, params: Record<string, unknown>, timeoutMs: number): Promise<Pdu>;
  respond(request: Pdu, params?: Record<string, unknown>): void;
  unbind(): Promise<void>;
}
interface SmppClientClass {
  bind(target: unknown, onRequest: (pdu: Pdu, client: SmppClient) => void): Promise<SmppClient>;
}
/** The plugin's Window (src/outbound/pacing.ts): submits unanswered at once. */
interface Window {
  acquire(): Promise<void>;
  release(): void;
}
type WindowClass = new (size: number) => Window;
/** The parts of the plugin's settings (src/sms-smpp.config.ts) used here. */
interface SmppConfig {
  bind: unknown;
  source: { addr: string; ton: number; npi: number };
}
/** channel-kit's SMPP encoding (packages/channel-kit/src/split-for-smpp.ts, concat-udh.ts). */
interface ChannelKit {
  splitForSmpp(text: string): { dataCoding: number; parts: Buffer[] };
  concatUdh(ref: number, total: number, seq: number): Buffer;
}

/** As the plugin's Submitter: a part unanswered this long is lost. */
const RESP_TIMEOUT_MS = 30_000;

const provider = SMS_PROVIDERS['sms-smpp'];
const definition = await loadPluginExport<PluginDefinition<SmppConfig>>(
  provider.name,
  provider.definition,
);
const SmppClientImpl = await loadPluginExport<SmppClientClass>(provider.name, {
  file: 'dist/smpp/smpp-client.js',
  export: 'SmppClient',
});
const WindowImpl = await loadPluginExport<WindowClass>(provider.name, {
  file: 'dist/outbound/pacing.js',
  export: 'Window',
});
const { splitForSmpp, concatUdh } = (await import(
  builtUrl('packages/channel-kit', 'dist/index.js', '@casehub/channel-kit')
)) as ChannelKit;
const cfg = await loadPluginConfig(definition, process.env);
// Receipts are off in the raw runs; whatever comes from the SMSC is answered, as the plugin does.
const client = await SmppClientImpl.bind(cfg.bind, (pdu, c) => c.respond(pdu));

interface Text {
  to: string;
  text: string;
  /** The concatenation reference of its parts, random as the plugin's (newJob). */
  ref: number;
}
const sets = new Map<string, Text[]>();

/** What the plugin's OutboundHandlers queue for each reply (no attachments: the text alone). */
function compose(tag: string, messages: number, repliesPerCase: number): Text[] {
  return smsWorkload(tag, messages, repliesPerCase).map(({ case: c, message: m }) => ({
    to: c.contact!.phone!.replace(/^\+/, ''),
    text: m.body.trim(),
    ref: randomInt(256),
  }));
}

serve({
  load: (o: { tag: string; messages: number; repliesPerCase: number }) => {
    sets.set(o.tag, compose(o.tag, o.messages, o.repliesPerCase));
  },
  send: async ({ tag, concurrency }: { tag: string; concurrency: number }) => {
    const texts = sets.get(tag);
    if (!texts) throw new Error(`no texts loaded as ${tag}`);
    const window = new WindowImpl(concurrency);
    const errors = { count: 0, sample: null as string | null };
    const failed = new Set<Text>();
    const fail = (t: Text, why: string) => {
      if (failed.has(t)) return;
      failed.add(t);
      errors.count++;
      errors.sample ??= why;
    };
    const inFlight = new Set<Promise<void>>();
    const { addr, ton, npi } = cfg.source;
    const startedAt = wallMs();
    for (const t of texts) {
      const encoded = splitForSmpp(t.text);
      const total = encoded.parts.length;
      for (let part = 0; part < total; part++) {
        await window.acquire();
        const work = client
          .request(
            'submit_sm',
            {
              service_type: '',
              source_addr_ton: ton,
              source_addr_npi: npi,
              source_addr: addr,
              dest_addr_ton: 1,
              dest_addr_npi: 1,
              destination_addr: t.to,
              esm_class: total > 1 ? 0x40 : 0x00,
              registered_delivery: 1,
              data_coding: encoded.dataCoding,
              short_message:
                total > 1
                  ? Buffer.concat([concatUdh(t.ref, total, part + 1), encoded.parts[part]])
                  : encoded.parts[part],
            },
            RESP_TIMEOUT_MS,
          )
          .then(
            (resp) => {
              if (resp.command_status !== 0)
                fail(t, `submit_sm_resp command_status 0x${resp.command_status.toString(16)}`);
            },
            (err: unknown) => fail(t, (err as Error).message),
          )
          .finally(() => {
            window.release();
            inFlight.delete(work);
          });
        inFlight.add(work);
      }
    }
    await Promise.all(inFlight);
    return { startedAt, endedAt: wallMs(), sent: texts.length - errors.count, errors };
  },
  stop: async () => {
    await client.unbind();
    setTimeout(() => process.exit(0), 10);
  },
});
