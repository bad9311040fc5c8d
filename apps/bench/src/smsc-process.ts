/**
 * Child process: the SMSC of `pnpm bench:sms` for the SMPP plugin, on the `smpp` library's own
 * server (`smpp.createServer`, as plugins/sms-smpp/test/smsc/node-smsc.ts; that helper is not
 * built, so this is a small one of its own). The library is the plugin's copy, reached by path
 * (plugins/sms-smpp/node_modules): apps/bench does not depend on it. In a process of its own so
 * that its CPU is counted apart, as FakeTwilio's is.
 *
 * It takes any bind_transceiver (the raw sender's, then the plugin's), answers every submit_sm at
 * once with a message id, and enquire_link and unbind; anything else gets generic_nack. Each part
 * is read with the library's own decoder (GSM 03.38 or UCS-2, the UDH split off), the parts of a
 * concatenated text put together by their UDH (8- or 16-bit reference, per destination), and
 * each whole text counted per destination and text (`byText`, keyed `<destination_addr>\n<text>`)
 * when its last part arrives: the orchestrator maps them to the replies' message ids, since a
 * submit_sm carries none.
 *
 * Delivery receipts: the plugin asks for one on every part (registered_delivery 1). With
 * `deliver` off (the default, and always in the raw runs) none is sent, so the plugin only sends.
 * With it on, each answered part gets a DELIVRD receipt (deliver_sm, esm_class 0x04) right after
 * its submit_sm_resp, as an SMSC would once the handset has it: the plugin then also matches them
 * and reports `delivered`, work the raw baseline does not have.
 *
 * Speaks the protocol of every SMS fake of the benchmark (sms-providers.ts): `info`, `callbacks`
 * {deliver}, `reset` (after the receipts in flight), `wait` {n, timeoutMs}, `check`, `stop`.
 */
import { once, type EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { wallMs } from './clock.js';
import { serve } from './ipc.js';
import { REPO_ROOT } from './run-info.js';
import type { FakeCheck } from './provider-fake.js';
import { SUPPORT_NUMBER } from './sms-workload.js';

/** The parts of the untyped `smpp` package (0.5.1) used here (the plugin's smpp-library.ts). */
interface Pdu {
  command: string;
  command_status: number;
  [field: string]: unknown;
  isResponse(): boolean;
  response(options?: Record<string, unknown>): Pdu;
}
interface Session extends EventEmitter {
  send(pdu: Pdu, responseCallback?: (pdu: Pdu) => void): boolean;
  close(): void;
  destroy(): void;
}
interface Server extends EventEmitter {
  listen(port: number, host: string): unknown;
  address(): { port: number } | string | null;
  close(callback?: () => void): void;
  sessions: Session[];
}
interface SmppLibrary {
  createServer(listener: (session: Session) => void): Server;
  PDU: new (command: string, options?: Record<string, unknown>) => Pdu;
}

const PLUGIN_DIR = join(REPO_ROOT, 'plugins/sms-smpp');
if (!existsSync(join(PLUGIN_DIR, 'node_modules/smpp')))
  throw new Error(
    'plugins/sms-smpp/node_modules/smpp is missing: pnpm install (the SMSC uses the plugin’s copy)',
  );
const smpp = createRequire(join(PLUGIN_DIR, 'package.json'))('smpp') as SmppLibrary;

const credentials = { systemId: 'casehub', password: randomBytes(3).toString('hex') };

// ---- what arrived since the last reset ------------------------------------------------------

/** Whole texts per `<destination>\n<text>`. */
let byText = new Map<string, number>();
/** Our time at which each whole text arrived, in order. */
let acceptedAt: number[] = [];
/** Parts of concatenated texts waiting for the others, per destination, reference and total. */
let pending = new Map<string, (string | undefined)[]>();
/** Every part seen (destination, UDH, octets): one seen again was sent again. */
let partsSeen = new Set<string>();
let resent = 0;
let refused = 0;
let bodyBytes = 0;
let receipts = { sent: 0, failed: 0, inFlight: 0 };
let waiters: { n: number; resolve: (at: number) => void }[] = [];

function reset(): void {
  byText = new Map();
  acceptedAt = [];
  pending = new Map();
  partsSeen = new Set();
  resent = 0;
  refused = 0;
  bodyBytes = 0;
  receipts = { sent: 0, failed: 0, inFlight: 0 };
  waiters = [];
}

function accepted(dest: string, text: string): void {
  const key = `${dest}\n${text}`;
  byText.set(key, (byText.get(key) ?? 0) + 1);
  bodyBytes += Buffer.byteLength(text);
  acceptedAt.push(wallMs());
  const n = acceptedAt.length;
  if (!waiters.length) return;
  waiters = waiters.filter((w) => {
    if (w.n > n) return true;
    w.resolve(acceptedAt[w.n - 1]);
    return false;
  });
}

/** The concatenation header of a part, if it has one (IE 0x00: 8-bit ref, 0x08: 16-bit). */
function concatOf(udh: Buffer[] | undefined) {
  for (const u of udh ?? []) {
    if (u[0] === 0x00 && u[1] === 3) return { ref: u[2], total: u[3], seq: u[4] };
    if (u[0] === 0x08 && u[1] === 4) return { ref: (u[2] << 8) | u[3], total: u[4], seq: u[5] };
  }
  return null;
}

/** A submit_sm: counts its part (and its text once whole); false when it cannot be read. */
function received(pdu: Pdu): boolean {
  const dest = String(pdu.destination_addr);
  // The library's own reading of the part: { udh?: Buffer[], message: string }.
  const sm = pdu.short_message as { udh?: Buffer[]; message: string | Buffer } | undefined;
  if (!sm || typeof sm !== 'object') return false;
  const text = typeof sm.message === 'string' ? sm.message : sm.message.toString('latin1');
  const concat = concatOf(sm.udh);
  const seenKey = `${dest}|${concat ? `${concat.ref}/${concat.total}/${concat.seq}` : '-'}|${text}`;
  if (partsSeen.has(seenKey)) resent++;
  partsSeen.add(seenKey);
  if (!concat || concat.total <= 1) {
    accepted(dest, text);
    return true;
  }
  if (concat.seq < 1 || concat.seq > concat.total) return false;
  const key = `${dest}|${concat.ref}|${concat.total}`;
  let parts = pending.get(key);
  if (!parts) pending.set(key, (parts = Array.from<string | undefined>({ length: concat.total })));
  if (parts[concat.seq - 1] !== undefined) return true; // the same part again: counted in resent
  parts[concat.seq - 1] = text;
  if (parts.every((p) => p !== undefined)) {
    pending.delete(key);
    accepted(dest, parts.join(''));
  }
  return true;
}

// ---- the server -----------------------------------------------------------------------------

let deliver = false;
let nextId = 0x10_0000 + Math.floor(Math.random() * 0x10_0000);
let receiptsSettled: (() => void) | null = null;

/** A DELIVRD receipt for an answered part (SMPP 3.4 appendix B text, and the TLVs). */
function sendReceipt(s: Session, submit: Pdu, id: string): void {
  receipts.inFlight++;
  const r = receipts;
  const text = `id:${id} sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:DELIVRD err:000 text:`;
  s.send(
    new smpp.PDU('deliver_sm', {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: String(submit.destination_addr),
      dest_addr_ton: Number(submit.source_addr_ton),
      dest_addr_npi: Number(submit.source_addr_npi),
      destination_addr: String(submit.source_addr),
      esm_class: 0x04,
      data_coding: 0,
      short_message: Buffer.from(text, 'latin1'),
      receipted_message_id: id,
      message_state: 2, // DELIVERED
    }),
    (resp) => {
      r.sent++;
      if (resp.command_status !== 0) r.failed++;
      if (--r.inFlight === 0 && r === receipts) receiptsSettled?.();
    },
  );
}

const server = smpp.createServer((s) => {
  s.on('error', () => undefined);
  s.on('close', () => {
    // Receipts that will never be answered: not in flight any more.
    if (receipts.inFlight > 0 && server.sessions.length === 0) {
      receipts.inFlight = 0;
      receiptsSettled?.();
    }
  });
  s.on('pdu', (pdu: Pdu) => {
    switch (pdu.command) {
      case 'bind_transceiver': {
        const ok =
          String(pdu.system_id) === credentials.systemId &&
          String(pdu.password) === credentials.password;
        s.send(pdu.response({ command_status: ok ? 0 : 0x0e, system_id: 'BENCHSMSC' })); // ESME_RINVPASWD
        return;
      }
      case 'submit_sm': {
        if (!received(pdu)) {
          refused++;
          s.send(pdu.response({ command_status: 0x01 })); // ESME_RINVMSGLEN
          return;
        }
        const id = (nextId++).toString(16);
        s.send(pdu.response({ message_id: id }));
        if (deliver && Number(pdu.registered_delivery) & 0x01)
          setImmediate(() => sendReceipt(s, pdu, id));
        return;
      }
      case 'enquire_link':
        s.send(pdu.response());
        return;
      case 'unbind':
        s.send(pdu.response());
        s.close();
        return;
      default:
        if (!pdu.isResponse())
          s.send(
            new smpp.PDU('generic_nack', {
              sequence_number: pdu.sequence_number,
              command_status: 0x03,
            }),
          );
    }
  });
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const port = (server.address() as { port: number }).port;

serve({
  info: () => ({
    env: {
      SMPP_URL: `smpp://${credentials.systemId}:${credentials.password}@127.0.0.1:${port}`,
      SMPP_SOURCE_ADDR: SUPPORT_NUMBER,
    },
  }),
  callbacks: (o: { deliver: boolean }) => {
    deliver = o.deliver;
  },
  reset: async () => {
    if (receipts.inFlight > 0)
      await new Promise<void>((resolve) => {
        receiptsSettled = resolve;
        setTimeout(resolve, 10_000).unref();
      });
    receiptsSettled = null;
    reset();
  },
  wait: async ({ n, timeoutMs }: { n: number; timeoutMs: number }) => {
    if (acceptedAt.length >= n) return acceptedAt[n - 1];
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== waiter);
        reject(new Error(`the SMSC got ${acceptedAt.length} of ${n} texts in ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        n,
        resolve: (at: number) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      waiters.push(waiter);
    });
  },
  check: async (): Promise<FakeCheck> => {
    if (receipts.inFlight > 0)
      await new Promise<void>((resolve) => {
        receiptsSettled = resolve;
        setTimeout(resolve, 10_000).unref();
      });
    const count = acceptedAt.length;
    return {
      accepted: count,
      byMessage: {},
      byText: Object.fromEntries(byText),
      // Concatenated texts some part of which never came: they reached no reply whole.
      withoutId: pending.size,
      resent,
      refused,
      meanBodyBytes: count ? bodyBytes / count : 0,
      callbacks: { delivered: receipts.sent, failed: receipts.failed },
    };
  },
  stop: async () => {
    for (const s of [...server.sessions]) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    setTimeout(() => process.exit(0), 10);
  },
});
