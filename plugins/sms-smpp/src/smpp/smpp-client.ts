import { smpp, type SmppLibrarySession, type SmppPdu } from './smpp-library.js';
import { describeStatus } from './command-status.js';

/** Where and as whom to bind: what SMPP_URL and SMPP_SYSTEM_TYPE say. */
export interface BindTarget {
  host: string;
  port: number;
  tls: boolean;
  systemId: string;
  password: string;
  systemType: string;
}

/** The connection closed (or was closed) before the SMSC answered. */
export class ConnectionLost extends Error {
  override name = 'ConnectionLost';
}

/** The SMSC refused a bind. */
export class BindRefused extends Error {
  override name = 'BindRefused';

  constructor(readonly status: number) {
    super(`the SMSC refused bind_transceiver: ${describeStatus(status)}`);
  }
}

interface Waiting {
  resolve: (pdu: SmppPdu) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One bound SMPP 3.4 transceiver session over the `smpp` library: requests as promises that
 * settle with the SMSC's answer or reject when the connection goes (the library forgets them),
 * SMSC-initiated PDUs handed to `onRequest`, and the keep-alive answered.
 */
export class SmppClient {
  private readonly waiting = new Map<number, Waiting>();
  private closedWith: Error | null = null;
  private readonly closeListeners: ((err: Error) => void)[] = [];

  private constructor(
    private readonly session: SmppLibrarySession,
    private readonly onRequest: (pdu: SmppPdu, client: SmppClient) => void,
  ) {
    session.on('pdu', (pdu: SmppPdu) => this.received(pdu));
    session.on('error', (err: Error) => this.lost(new ConnectionLost(err.message)));
    session.on('close', () => this.lost(new ConnectionLost('the SMSC closed the connection')));
  }

  /** Connects and binds as a transceiver; rejects with BindRefused or the connection's error. */
  static async bind(
    target: BindTarget,
    onRequest: (pdu: SmppPdu, client: SmppClient) => void,
  ): Promise<SmppClient> {
    const session = await new Promise<SmppLibrarySession>((resolve, reject) => {
      const s = smpp.connect({
        host: target.host,
        port: target.port,
        tls: target.tls,
        servername: target.tls ? target.host : undefined,
      });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new ConnectionLost(`no connection to ${target.host}:${target.port} in 10 s`));
      }, CONNECT_TIMEOUT_MS);
      s.once(target.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err: Error) => {
        clearTimeout(timer);
        s.destroy();
        reject(
          new ConnectionLost(`cannot connect to ${target.host}:${target.port}: ${err.message}`),
        );
      });
    });
    const client = new SmppClient(session, onRequest);
    try {
      const resp = await client.request(
        'bind_transceiver',
        {
          system_id: target.systemId,
          password: target.password,
          system_type: target.systemType,
          interface_version: 0x34,
        },
        CONNECT_TIMEOUT_MS,
      );
      if (resp.command_status !== 0) throw new BindRefused(resp.command_status);
    } catch (err) {
      client.destroy();
      throw err;
    }
    return client;
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** Sends a request and resolves with the SMSC's response (whatever its command_status). */
  request(command: string, params: Record<string, unknown>, timeoutMs: number): Promise<SmppPdu> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const pdu = new smpp.PDU(command, params);
    return new Promise<SmppPdu>((resolve, reject) => {
      const sent = this.session.send(pdu);
      if (!sent) {
        reject(new ConnectionLost('the connection is not writable'));
        return;
      }
      const timer = setTimeout(() => {
        this.waiting.delete(pdu.sequence_number);
        reject(new ConnectionLost(`no ${command}_resp within ${timeoutMs} ms`));
        // A session that stops answering is broken: drop it, requests go again on a new one.
        this.destroy();
      }, timeoutMs);
      this.waiting.set(pdu.sequence_number, { resolve, reject, timer });
    });
  }

  /** Answers an SMSC-initiated request. */
  respond(request: SmppPdu, params: Record<string, unknown> = {}): void {
    if (this.closedWith) return;
    this.session.send(request.response(params));
  }

  onClose(listener: (err: Error) => void): void {
    if (this.closedWith) listener(this.closedWith);
    else this.closeListeners.push(listener);
  }

  /** Unbinds politely (waiting briefly for the answer), then closes. */
  async unbind(): Promise<void> {
    if (this.closedWith) return;
    await this.request('unbind', {}, 2_000).catch(() => undefined);
    this.session.close();
    this.lost(new ConnectionLost('unbound'));
  }

  destroy(): void {
    this.session.destroy();
    this.lost(new ConnectionLost('connection closed'));
  }

  private received(pdu: SmppPdu): void {
    if (pdu.isResponse()) {
      const w = this.waiting.get(pdu.sequence_number);
      if (!w) return; // answered after we gave up on it
      this.waiting.delete(pdu.sequence_number);
      clearTimeout(w.timer);
      w.resolve(pdu);
      return;
    }
    switch (pdu.command) {
      case 'enquire_link':
        this.respond(pdu);
        return;
      case 'unbind':
        this.respond(pdu);
        this.session.close();
        return;
      case 'deliver_sm':
      case 'data_sm':
        try {
          this.onRequest(pdu, this);
        } catch {
          // The library stops reading for good if a listener throws: answer "try again later".
          this.respond(pdu, { command_status: 0x64 });
        }
        return;
      default:
        // Nothing else may come from an SMSC to a transceiver: say so rather than stay silent.
        this.session.send(
          new smpp.PDU('generic_nack', {
            sequence_number: pdu.sequence_number,
            command_status: 0x03,
          }),
        );
    }
  }

  private lost(err: Error): void {
    if (this.closedWith) return;
    this.closedWith = err;
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    this.waiting.clear();
    for (const l of this.closeListeners.splice(0)) l(err);
    this.session.removeAllListeners('pdu');
    this.session.on('error', () => undefined);
    if (!this.session.socket.destroyed) this.session.socket.destroy();
  }
}
