import { once } from 'node:events';
import { smpp, type SmppLibrarySession, type SmppPdu } from '../../src/smpp/smpp-library.js';
import {
  MESSAGE_STATE,
  receiptText,
  type BindSeen,
  type DeliverOptions,
  type SubmitSeen,
  type TestSmsc,
} from './test-smsc.js';

interface Held {
  pdu: SmppPdu;
  seen: SubmitSeen;
  session: SmppLibrarySession;
}

/**
 * The test SMSC on the `smpp` library's own server (`smpp.createServer`), in this process; over
 * TLS (`ssmpp://`) with `tls`, a key and certificate for 127.0.0.1.
 */
export async function startNodeSmsc(
  opts: { tls?: { key: Buffer; cert: Buffer } } = {},
): Promise<TestSmsc> {
  const binds: BindSeen[] = [];
  const submits: SubmitSeen[] = [];
  const outstanding = new Map<SmppLibrarySession, number>();
  let session: SmppLibrarySession | null = null;
  let nextId = 7_000_000 + Math.floor(Math.random() * 1_000_000);
  let hex = false;
  let throttled: { count: number; status: number } = { count: 0, status: 0 };
  let holding = false;
  let holdAfter: number | null = null;
  const connOf = new Map<SmppLibrarySession, number>();
  let nextConn = 1;
  let held: Held[] = [];
  let dropAfter: number | null = null;
  const dropping = new Set<SmppLibrarySession>();

  const answer = ({ pdu, seen, session: s }: Held) => {
    outstanding.set(s, (outstanding.get(s) ?? 1) - 1);
    if (throttled.count > 0) {
      throttled.count--;
      seen.status = throttled.status;
      s.send(pdu.response({ command_status: throttled.status }));
      return;
    }
    const n = nextId++;
    seen.id = hex ? n.toString(16) : String(n);
    seen.status = 0;
    s.send(pdu.response({ message_id: seen.id }));
  };

  const server = smpp.createServer(opts.tls ?? {}, (s: SmppLibrarySession) => {
    connOf.set(s, nextConn++);
    s.on('error', () => undefined);
    s.on('close', () => {
      outstanding.delete(s);
      dropping.delete(s);
      if (session === s) session = null;
    });
    s.on('pdu', (pdu: SmppPdu) => {
      if (dropping.has(s)) return; // closing: read, never answered
      switch (pdu.command) {
        case 'bind_transceiver': {
          binds.push({
            systemId: String(pdu.system_id),
            password: String(pdu.password),
            systemType: String(pdu.system_type),
          });
          if (session) {
            s.send(pdu.response({ command_status: 0x05, system_id: 'NODESMSC' })); // ESME_RALYBND
            return;
          }
          session = s;
          s.send(pdu.response({ system_id: 'NODESMSC' }));
          return;
        }
        case 'submit_sm': {
          // The library's own reading of the part: { udh?: Buffer[], message: string }.
          const sm = pdu.short_message as { udh?: Buffer[]; message: string | Buffer };
          const concat = sm.udh?.find((u) => u[0] === 0x00);
          outstanding.set(s, (outstanding.get(s) ?? 0) + 1);
          const seen: SubmitSeen = {
            id: null,
            status: null,
            dest: String(pdu.destination_addr),
            destTon: Number(pdu.dest_addr_ton),
            source: String(pdu.source_addr),
            sourceTon: Number(pdu.source_addr_ton),
            esmClass: Number(pdu.esm_class),
            dataCoding: Number(pdu.data_coding),
            registeredDelivery: Number(pdu.registered_delivery),
            udh: concat ? { ref: concat[2], total: concat[3], seq: concat[4] } : null,
            text: typeof sm.message === 'string' ? sm.message : sm.message.toString('latin1'),
            outstanding: outstanding.get(s)!,
            conn: connOf.get(s)!,
          };
          submits.push(seen);
          if (dropAfter !== null) {
            if (dropAfter === 0) {
              dropAfter = null;
              dropping.add(s);
              s.close(); // FIN: what was answered still reaches the ESME
              return;
            }
            dropAfter--;
          }
          if (holdAfter !== null) {
            if (holdAfter === 0) {
              holdAfter = null;
              holding = true;
            } else holdAfter--;
          }
          const h = { pdu, seen, session: s };
          if (holding) held.push(h);
          else answer(h);
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
          if (!pdu.isResponse()) s.send(pdu.response({ command_status: 0x03 }));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;

  const request = (command: string, params: Record<string, unknown>) => {
    const s = session;
    if (!s) return Promise.reject(new Error('no ESME is bound'));
    return new Promise<number>((resolve) => {
      s.send(new smpp.PDU(command, params), (resp: SmppPdu) => resolve(resp.command_status));
    });
  };

  const deliver = (d: DeliverOptions) =>
    request('deliver_sm', {
      source_addr_ton: d.fromTon ?? 1,
      source_addr_npi: 1,
      source_addr: d.from,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: d.to,
      esm_class: d.esmClass ?? 0,
      data_coding: d.dataCoding ?? 0,
      short_message: d.shortMessage,
    });

  return {
    name: 'smpp library server',
    port,
    url: (systemId = 'casehub', password = 'secret') =>
      `${opts.tls ? 'ssmpp' : 'smpp'}://${systemId}:${password}@127.0.0.1:${port}`,
    binds,
    submits,
    get bound() {
      return session ? 1 : 0;
    },
    throttle: (count, status = 0x58) => {
      throttled = { count, status };
      return Promise.resolve();
    },
    hold: () => {
      holding = true;
      return Promise.resolve();
    },
    holdAfter: (count) => {
      holdAfter = count;
      return Promise.resolve();
    },
    release: () => {
      holding = false;
      holdAfter = null;
      const all = held;
      held = [];
      for (const h of all) if (!dropping.has(h.session) && !h.session.socket.destroyed) answer(h);
      return Promise.resolve();
    },
    dropAfter: (count) => {
      dropAfter = count;
      return Promise.resolve();
    },
    hexIds: (on) => {
      hex = on;
      return Promise.resolve();
    },
    deliver,
    receipt: (submit, stat, err = '000') => {
      const id = hex ? BigInt(`0x${submit.id}`).toString(10) : submit.id!;
      return request('deliver_sm', {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: submit.dest,
        destination_addr: submit.source,
        esm_class: 0x04,
        data_coding: 0,
        short_message: Buffer.from(receiptText(id, stat, err), 'latin1'),
        receipted_message_id: id,
        message_state: MESSAGE_STATE[stat],
      });
    },
    enquireLink: async () => {
      await request('enquire_link', {});
    },
    stop: async () => {
      for (const s of [...server.sessions]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
