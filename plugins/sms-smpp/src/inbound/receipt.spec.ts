import { describe, expect, it } from 'vitest';
import { isReceipt, readReceipt } from './receipt.js';

const TEXT =
  'id:0000012345 sub:001 dlvrd:000 submit date:2601011200 done date:2601011201 stat:UNDELIV err:034 text:Hello';

describe('delivery receipts', () => {
  it('tells receipts and intermediate notices from customers’ texts by esm_class', () => {
    expect([0x04, 0x20, 0x44].map(isReceipt)).toEqual([true, true, true]);
    expect([0x00, 0x40, 0x08].map(isReceipt)).toEqual([false, false, false]);
  });

  it('reads id, stat and err from the text of SMPP 3.4 appendix B', () => {
    expect(readReceipt(TEXT, {})).toEqual({ id: '0000012345', stat: 'UNDELIV', err: '034' });
  });

  it('prefers the TLVs receipted_message_id and message_state to the free-form text', () => {
    expect(readReceipt(TEXT, { receiptedMessageId: '3039', messageState: 2 })).toEqual({
      id: '3039',
      stat: 'DELIVRD',
      err: '034',
    });
  });

  it('drops what an SMSC that left out the NUL let the id run into', () => {
    expect(readReceipt('', { receiptedMessageId: 'ab12\u0004\u0027\u0000' })?.id).toBe('ab12');
  });

  it('is null for a receipt naming no message', () => {
    expect(readReceipt('stat:DELIVRD err:000', {})).toBeNull();
  });
});
