/**
 * A provider's part of the raw baselines of `pnpm bench:social` (whatsapp-raw.ts, …), loaded by
 * the raw children (social-raw-intake.ts, social-raw-sender.ts) in their own processes: how its
 * webhook is checked and read, and how one reply is sent with the plugin's own client.
 */
import { createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { InboundMessageInput } from '@casehub/plugin-sdk';
import { SOCIAL_PROVIDERS } from './social-providers.js';

/** One reply as the raw sender sends it: to the customer's provider id. */
export interface RawSend {
  to: string;
  text: string;
  /** The reply's CaseHub message id (what the plugin's request carries of it, if anything). */
  id: string;
}

export interface SocialRaw {
  /** Whether the provider sent this request, by its signature or secret, in constant time. */
  verify(headers: IncomingHttpHeaders, body: Buffer): boolean;
  /** The customers' messages a webhook carries, as the plugin hands them to the core. */
  messages(payload: unknown): InboundMessageInput[];
  /** What the webhook answers, and as what. */
  answer: { contentType: string; body: string };
  /** A function that sends one reply as the plugin's client does. */
  sender(): Promise<(send: RawSend) => Promise<unknown>>;
}

/** Meta's `X-Hub-Signature-256` over the body's bytes, keyed with the app secret. */
export function metaSignatureValid(
  appSecret: string,
  body: BinaryLike,
  header: string | string[] | undefined,
): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A setting the raw children need (the plugin's own, from the fake's `info`). */
export function setting(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

/** The raw module of BENCH_SOCIAL_PROVIDER, and its provider. */
export async function loadSocialRaw() {
  const provider = SOCIAL_PROVIDERS[process.env.BENCH_SOCIAL_PROVIDER ?? ''];
  if (!provider)
    throw new Error(`unknown BENCH_SOCIAL_PROVIDER ${process.env.BENCH_SOCIAL_PROVIDER}`);
  const { raw } = (await import(`./${provider.rawModule}`)) as { raw: SocialRaw };
  return { provider, raw };
}
