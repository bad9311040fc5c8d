/** A part of a text as the test SMSC received it, and what it answered. */
export interface SubmitSeen {
  /** The id it answered with (null: refused or never answered). */
  id: string | null;
  /** The command_status it answered (null: never answered). */
  status: number | null;
  dest: string;
  destTon: number;
  source: string;
  sourceTon: number;
  esmClass: number;
  dataCoding: number;
  registeredDelivery: number;
  udh: { ref: number; total: number; seq: number } | null;
  /** The part's text as this SMSC reads it (its own decoder, not the plugin's). */
  text: string;
  /** Submits unanswered on the connection when this one arrived, itself included. */
  outstanding: number;
  /**
   * The connection it came on, numbered from 1 in the order the SMSC accepted them. A held
   * submit is never answered once its connection is closed, so a part answered on a connection
   * that is gone was answered while that connection (and the ESME behind it) was alive.
   */
  conn: number;
}

export interface BindSeen {
  systemId: string;
  password: string;
  systemType: string;
}

export interface DeliverOptions {
  from: string;
  fromTon?: number;
  to: string;
  esmClass?: number;
  dataCoding?: number;
  shortMessage: Buffer;
}

/**
 * An SMSC for tests, driven the same way whatever it is built on (the `smpp` library's server in
 * this process, or Net::SMPP in a Perl child process): it takes one bind at a time, answers
 * submits with ids, and sends customers' texts and receipts when told.
 */
export interface TestSmsc {
  readonly name: string;
  readonly port: number;
  url(systemId?: string, password?: string): string;
  readonly binds: BindSeen[];
  readonly submits: SubmitSeen[];
  /** Connections bound right now. */
  readonly bound: number;
  /** Answers the next `count` submits with `status` (ESME_RTHROTTLED unless said). */
  throttle(count: number, status?: number): Promise<void>;
  /** Answers no submit until `release`. */
  hold(): Promise<void>;
  /** Answers `count` more submits, then holds every one after them until `release`. */
  holdAfter(count: number): Promise<void>;
  /** Answers every held submit, in order, and those to come. */
  release(): Promise<void>;
  /** Answers `count` more submits, then closes the connection without answering the next. */
  dropAfter(count: number): Promise<void>;
  /** Gives ids in hex in submit_sm_resp, and in decimal in receipts. */
  hexIds(on: boolean): Promise<void>;
  /** Sends a deliver_sm; resolves with the deliver_sm_resp's command_status. */
  deliver(d: DeliverOptions): Promise<number>;
  /** Sends the receipt of an answered submit; resolves with the deliver_sm_resp's status. */
  receipt(submit: SubmitSeen, stat: string, err?: string): Promise<number>;
  /** Sends enquire_link and resolves on its answer: a marker that the ESME read all before it. */
  enquireLink(): Promise<void>;
  stop(): Promise<void>;
}

/** SMPP 3.4 message_state for a receipt's stat. */
export const MESSAGE_STATE: Record<string, number> = {
  ENROUTE: 1,
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
};

/** The receipt text of SMPP 3.4 appendix B. */
export function receiptText(id: string, stat: string, err: string): string {
  return `id:${id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2601011200 done date:2601011201 stat:${stat} err:${err} text:`;
}
