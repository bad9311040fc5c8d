import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseForm } from './raw-form.js';
import { twilioSignature, verifyTwilioSignature } from './twilio-signature.js';

// The vector in twilio-node's own tests (spec/validation.spec.js) and every other Twilio
// helper library's: auth token 12345, this URL and these fields sign to RSOYDt4T1cUTdK1PDd93/VVr8B8=.
const authToken = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const signature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('twilioSignature', () => {
  it('reproduces Twilio’s published example', () => {
    expect(twilioSignature({ authToken, url, params })).toBe(signature);
  });

  it('signs a repeated field over its sorted distinct values, as Twilio does', () => {
    // Vectors from twilio-node's tests.
    const arrays = { 'MessagingBinding.Address': ['+1415xxxxxxx', '+1325xxxxxxx'] };
    expect(twilioSignature({ authToken, url, params: arrays })).toBe(
      '83O6e2vORAoJHUNzJjDWN1jz+BA=',
    );
    const repeated = { Sid: 'CA123', SidAccount: 'AC123', Digits: ['5678', '1234', '1234'] };
    expect(twilioSignature({ authToken, url, params: repeated })).toBe(
      'IK+Dwps556ElfBT0I3Rgjkr1wJU=',
    );
  });
});

describe('verifyTwilioSignature', () => {
  it('accepts Twilio’s published example', () => {
    expect(verifyTwilioSignature({ authToken, url, params, signature })).toBe(true);
  });

  it('accepts the example as a webhook handler receives it: a raw form body', () => {
    const body =
      'To=%2B18005551212&From=%2B14158675309&Digits=1234&Caller=%2B14158675309&CallSid=CA1234567890ABCDE';
    expect(verifyTwilioSignature({ authToken, url, params: parseForm(body), signature })).toBe(
      true,
    );
  });

  it('refuses a tampered field, URL, or token', () => {
    expect(
      verifyTwilioSignature({ authToken, url, params: { ...params, Digits: '9999' }, signature }),
    ).toBe(false);
    expect(
      verifyTwilioSignature({ authToken, url: url.replace('bar=2', 'bar=3'), params, signature }),
    ).toBe(false);
    expect(verifyTwilioSignature({ authToken: '54321', url, params, signature })).toBe(false);
  });

  it('accepts a field Twilio starts sending later, when the check covers everything received', () => {
    const received = { ...params, NewFieldTwilioAdded: 'value' };
    const signed = twilioSignature({ authToken, url, params: received });
    expect(verifyTwilioSignature({ authToken, url, params: received, signature: signed })).toBe(
      true,
    );
    // ...which is why a handler must not check a list of the fields it knows.
    expect(verifyTwilioSignature({ authToken, url, params, signature: signed })).toBe(false);
  });

  it('accepts a repeated field whatever the order of its values', () => {
    const received = parseForm('MediaUrl0=a&Tag=y&Tag=x&Body=hi');
    const signed = twilioSignature({ authToken, url, params: received });
    const reordered = parseForm('Tag=x&Body=hi&Tag=y&MediaUrl0=a');
    expect(verifyTwilioSignature({ authToken, url, params: reordered, signature: signed })).toBe(
      true,
    );
    expect(
      verifyTwilioSignature({
        authToken,
        url,
        params: { ...received, Tag: 'x' },
        signature: signed,
      }),
    ).toBe(false);
  });

  it('accepts the URL with or without its default port', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(verifyTwilioSignature({ authToken, url: withPort, params, signature })).toBe(true);
  });

  it.each([undefined, null, '', 'WRONG', `${signature} `, signature.toLowerCase()])(
    'refuses the signature %j without throwing',
    (bad) => {
      expect(verifyTwilioSignature({ authToken, url, params, signature: bad })).toBe(false);
    },
  );

  it('refuses a header sent twice, even with the right signature', () => {
    expect(
      verifyTwilioSignature({ authToken, url, params, signature: [signature, signature] }),
    ).toBe(false);
  });

  it('refuses everything when the auth token is empty, since anyone could sign with it', () => {
    const forged = twilioSignature({ authToken: '', url, params });
    expect(verifyTwilioSignature({ authToken: '', url, params, signature: forged })).toBe(false);
  });

  it('never throws, whatever the URL, fields and signature', () => {
    const warn = vi.spyOn(console, 'warn');
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true })),
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))),
        fc.option(fc.string(), { nil: undefined }),
        (anyUrl, anyParams, anySignature) => {
          expect(
            verifyTwilioSignature({
              authToken,
              url: anyUrl,
              params: anyParams,
              signature: anySignature,
            }),
          ).toBe(false);
        },
      ),
    );
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('accepts what twilioSignature signs, and nothing signed over other fields', () => {
    const fields = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.oneof(fc.string(), fc.array(fc.string(), { minLength: 2, maxLength: 3 })),
    );
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), fields, fields, (anyUrl, a, b) => {
        const signed = twilioSignature({ authToken, url: anyUrl, params: a });
        expect(
          verifyTwilioSignature({ authToken, url: anyUrl, params: a, signature: signed }),
        ).toBe(true);
        if (twilioSignature({ authToken, url: anyUrl, params: b }) !== signed) {
          expect(
            verifyTwilioSignature({ authToken, url: anyUrl, params: b, signature: signed }),
          ).toBe(false);
        }
      }),
    );
  });
});
