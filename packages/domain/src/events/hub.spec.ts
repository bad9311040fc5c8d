import { describe, expect, it } from 'vitest';
import { hubOfStream, isEventOfHub, streamDescriptionOf } from './hub.js';

describe('hub identity', () => {
  const hub = '0190a0b0-0000-7000-8000-000000000001';

  it('names the hub in the stream description and reads it back', () => {
    expect(hubOfStream(streamDescriptionOf(hub))).toBe(hub);
  });

  it('finds no hub in a stream created before hubs had ids, or by someone else', () => {
    expect(hubOfStream(undefined)).toBeUndefined();
    expect(hubOfStream('')).toBeUndefined();
    expect(hubOfStream('orders of the shop')).toBeUndefined();
  });

  it("takes a hub's own events and unstamped ones, never another hub's", () => {
    expect(isEventOfHub({ hubid: hub }, hub)).toBe(true);
    expect(isEventOfHub({}, hub)).toBe(true);
    expect(isEventOfHub({ hubid: 'another' }, undefined)).toBe(true);
    expect(isEventOfHub({ hubid: 'another' }, hub)).toBe(false);
  });
});
