import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

/**
 * The parts of the untyped `smpp` package (0.5.1) this plugin and its tests use, typed here
 * rather than in an ambient declaration so that nothing outside this folder imports it untyped.
 */

/** A decoded PDU: its header, and its parameters and TLVs by name. */
export interface SmppPdu {
  command: string;
  command_id: number;
  command_status: number;
  sequence_number: number;
  /** Parameters and TLVs by their SMPP names (short_message, receipted_message_id, …). */
  [field: string]: unknown;
  isResponse(): boolean;
  response(options?: Record<string, unknown>): SmppPdu;
}

/** One SMPP connection, client or server side. */
export interface SmppLibrarySession extends EventEmitter {
  socket: Socket;
  send(
    pdu: SmppPdu,
    responseCallback?: (pdu: SmppPdu) => void,
    sendCallback?: (pdu: SmppPdu) => void,
  ): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
  pause(): void;
  resume(): void;
}

export interface SmppLibraryServer extends EventEmitter {
  listen(port: number, host: string, callback?: () => void): unknown;
  address(): { port: number } | string | null;
  close(callback?: (err?: Error) => void): void;
  sessions: SmppLibrarySession[];
}

interface FieldDef {
  filter?: { encode(value: unknown): unknown; decode(value: unknown, skipUdh?: boolean): unknown };
}

export interface SmppLibrary {
  connect(options: Record<string, unknown>, listener?: () => void): SmppLibrarySession;
  createServer(listener: (session: SmppLibrarySession) => void): SmppLibraryServer;
  /** Over TLS when given a key and a certificate (tests' SMSCs and the benchmark's). */
  createServer(
    options: { key?: Buffer; cert?: Buffer },
    listener: (session: SmppLibrarySession) => void,
  ): SmppLibraryServer;
  PDU: new (command: string, options?: Record<string, unknown>) => SmppPdu;
  commands: Record<string, { params?: Record<string, FieldDef> }>;
  tlvs: Record<string, FieldDef>;
  errors: Record<string, number>;
}

export const smpp = createRequire(import.meta.url)('smpp') as SmppLibrary;

/**
 * The library decodes the text of a `deliver_sm` itself (its own GSM table, UDH split off, no
 * 16-bit concatenation references, lossy on bad octets). Inbound texts must be read by
 * `@casehub/channel-kit` as every channel plugin reads them, so a `deliver_sm`'s
 * `short_message` and `message_payload` are handed over as the octets on the wire. Encoding is
 * untouched, and so is the decoding of every other PDU (an SMSC built on the library still reads
 * `submit_sm` its own way, which is what makes it an independent check in tests).
 */
function keepDeliverSmOctets(): void {
  const raw = (original: NonNullable<FieldDef['filter']>) => ({
    encode: (value: unknown) => original.encode(value),
    decode(this: { command?: string }, value: unknown, skipUdh?: boolean) {
      return this.command === 'deliver_sm' || this.command === 'data_sm'
        ? value
        : original.decode.call(this, value, skipUdh);
    },
  });
  const shortMessage = smpp.commands.deliver_sm.params!.short_message;
  if (shortMessage.filter && !(shortMessage.filter as { raw?: true }).raw) {
    shortMessage.filter = Object.assign(raw(shortMessage.filter), { raw: true as const });
  }
  const payload = smpp.tlvs.message_payload;
  if (payload.filter && !(payload.filter as { raw?: true }).raw) {
    payload.filter = Object.assign(raw(payload.filter), { raw: true as const });
  }
}
keepDeliverSmOctets();

/** A C-Octet String field of a decoded PDU, as text ('' when absent). */
export function field(pdu: SmppPdu, name: string): string {
  const v = pdu[name];
  if (typeof v === 'string') return v;
  return Buffer.isBuffer(v) ? v.toString('latin1') : '';
}
