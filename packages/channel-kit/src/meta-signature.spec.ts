import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { metaChallenge, metaSignature, sameSecret, verifyMetaSignature } from './meta-signature.js';

describe('Meta webhook signatures', () => {
  const body = Buffer.from('{"entry":[{"text":"Grüße, 你好 👋"}]}');

  it("verifies Meta's own example: sha256 HMAC of the raw bytes, hex", () => {
    // Computed independently: printf '%s' 'hello' | openssl dgst -sha256 -hmac secret
    expect(metaSignature('secret', 'hello')).toBe(
      'sha256=88aab3ede8d3adf94d26ab90d3bafd4a2083070c3bcce9c014ee04a443847c0b',
    );
  });

  it('accepts the signature over non-ASCII bytes, in either hex case', () => {
    const sig = metaSignature('s3cret', body);
    expect(verifyMetaSignature('s3cret', body, sig)).toBe(true);
    expect(verifyMetaSignature('s3cret', body, sig.toUpperCase().replace('SHA256', 'sha256'))).toBe(
      true,
    );
  });

  it('refuses another body, another secret, a missing, repeated or malformed header', () => {
    const sig = metaSignature('s3cret', body);
    expect(verifyMetaSignature('s3cret', Buffer.from(body.toString('latin1')), sig)).toBe(false);
    expect(verifyMetaSignature('other', body, sig)).toBe(false);
    expect(verifyMetaSignature('', body, metaSignature('', body))).toBe(false);
    expect(verifyMetaSignature('s3cret', body, undefined)).toBe(false);
    expect(verifyMetaSignature('s3cret', body, [sig, sig])).toBe(false);
    expect(verifyMetaSignature('s3cret', body, sig.replace('sha256=', 'sha1='))).toBe(false);
    expect(verifyMetaSignature('s3cret', body, 'sha256=zz')).toBe(false);
    expect(verifyMetaSignature('s3cret', null, sig)).toBe(false);
  });

  it('refuses any change of a byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), (bytes, at) => {
        const raw = Buffer.from(bytes);
        const sig = metaSignature('k', raw);
        const changed = Buffer.from(raw);
        changed[at % raw.length] ^= 1;
        return verifyMetaSignature('k', raw, sig) && !verifyMetaSignature('k', changed, sig);
      }),
    );
  });
});

describe('the subscription handshake', () => {
  it('echoes the challenge for our verify token only', () => {
    const q = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' };
    expect(metaChallenge('tok', q)).toBe('1158201444');
    expect(metaChallenge('tok', { ...q, 'hub.verify_token': 'nope' })).toBeNull();
    expect(metaChallenge('tok', { ...q, 'hub.mode': 'unsubscribe' })).toBeNull();
    expect(metaChallenge('tok', { ...q, 'hub.verify_token': ['tok', 'tok'] })).toBeNull();
    expect(metaChallenge('', { ...q, 'hub.verify_token': '' })).toBeNull();
    expect(metaChallenge('tok', { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' })).toBeNull();
  });

  it('compares secrets whole', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('abc', undefined)).toBe(false);
    expect(sameSecret('', '')).toBe(false);
  });
});
