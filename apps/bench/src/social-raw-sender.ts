/**
 * Child process: the raw outbound baseline of `pnpm bench:social`. The plugin's own provider
 * client (its raw module, social-raw.ts) sends the very texts the plugin sends for the same
 * replies, to the same customers, `concurrency` sends in flight. No events, no state (the
 * plugin's key-value writes around each send), no delivery reports: what the client and the fake
 * take.
 *
 * Requests (those of every raw sender, sms-twilio-raw.ts): `load` {tag, sends} (the replies, as
 * the orchestrator made them), `send` {tag, concurrency}, `stop`.
 */
import 'reflect-metadata';
import { serve } from './ipc.js';
import { sendAll } from './raw-sends.js';
import { loadSocialRaw, type RawSend } from './social-raw.js';

const { raw } = await loadSocialRaw();
const send = await raw.sender();
const sets = new Map<string, RawSend[]>();

serve({
  load: (o: { tag: string; sends: RawSend[] }) => {
    sets.set(o.tag, o.sends);
  },
  send: ({ tag, concurrency }: { tag: string; concurrency: number }) => {
    const sends = sets.get(tag);
    if (!sends) throw new Error(`no replies loaded as ${tag}`);
    return sendAll(sends, concurrency, send);
  },
  stop: () => {
    setTimeout(() => process.exit(0), 10);
  },
});
