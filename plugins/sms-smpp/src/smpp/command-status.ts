/** SMPP 3.4 `command_status` values this plugin acts on (section 5.1.3). */
export const ESME_ROK = 0x00;
export const ESME_RINVMSGLEN = 0x01;
export const ESME_RSYSERR = 0x08;
export const ESME_RALYBND = 0x05;
export const ESME_RINVSRCADR = 0x0a;
export const ESME_RINVDSTADR = 0x0b;
export const ESME_RBINDFAIL = 0x0d;
export const ESME_RINVPASWD = 0x0e;
export const ESME_RINVSYSID = 0x0f;
export const ESME_RMSGQFUL = 0x14;
export const ESME_RSUBMITFAIL = 0x45;
export const ESME_RTHROTTLED = 0x58;
export const ESME_RX_T_APPN = 0x64;

const NAMES: Readonly<Record<number, string>> = {
  0x00: 'ESME_ROK',
  0x01: 'ESME_RINVMSGLEN',
  0x02: 'ESME_RINVCMDLEN',
  0x03: 'ESME_RINVCMDID',
  0x04: 'ESME_RINVBNDSTS',
  0x05: 'ESME_RALYBND',
  0x08: 'ESME_RSYSERR',
  0x0a: 'ESME_RINVSRCADR',
  0x0b: 'ESME_RINVDSTADR',
  0x0c: 'ESME_RINVMSGID',
  0x0d: 'ESME_RBINDFAIL',
  0x0e: 'ESME_RINVPASWD',
  0x0f: 'ESME_RINVSYSID',
  0x14: 'ESME_RMSGQFUL',
  0x15: 'ESME_RINVSERTYP',
  0x33: 'ESME_RINVNUMDESTS',
  0x40: 'ESME_RINVDESTFLAG',
  0x42: 'ESME_RINVSUBREP',
  0x43: 'ESME_RINVESMCLASS',
  0x45: 'ESME_RSUBMITFAIL',
  0x48: 'ESME_RINVSRCTON',
  0x49: 'ESME_RINVSRCNPI',
  0x50: 'ESME_RINVDSTTON',
  0x51: 'ESME_RINVDSTNPI',
  0x53: 'ESME_RINVSYSTYP',
  0x58: 'ESME_RTHROTTLED',
  0x61: 'ESME_RINVSCHED',
  0x62: 'ESME_RINVEXPIRY',
  0x63: 'ESME_RINVDFTMSGID',
  0x64: 'ESME_RX_T_APPN',
  0x65: 'ESME_RX_P_APPN',
  0x66: 'ESME_RX_R_APPN',
  0xc0: 'ESME_RINVOPTPARSTREAM',
  0xc1: 'ESME_ROPTPARNOTALLWD',
  0xc2: 'ESME_RINVPARLEN',
  0xc3: 'ESME_RMISSINGOPTPARAM',
  0xc4: 'ESME_RINVOPTPARAMVAL',
  0xfe: 'ESME_RDELIVERYFAILURE',
  0xff: 'ESME_RUNKNOWNERR',
};

/** `ESME_RTHROTTLED (0x00000058)`: how a status reads in logs and delivery errors. */
export function describeStatus(status: number): string {
  const hex = `0x${status.toString(16).padStart(8, '0')}`;
  return `${NAMES[status] ?? 'command_status'} (${hex})`;
}

/**
 * What to do about a refused `submit_sm`: `slow-down` (the SMSC is busy: back off, then the
 * same part again, however long it takes), `retry` (a fault on its side that may pass: a few
 * more tries) or `fail` (the message itself is wrong: no retry makes it right).
 */
export function submitVerdict(status: number): 'slow-down' | 'retry' | 'fail' {
  if (status === ESME_RTHROTTLED || status === ESME_RMSGQFUL) return 'slow-down';
  if (status === ESME_RSYSERR || status === ESME_RSUBMITFAIL || status === 0xff || status === 0xfe)
    return 'retry';
  return 'fail';
}
