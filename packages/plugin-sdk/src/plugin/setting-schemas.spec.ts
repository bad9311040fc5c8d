import { describe, expect, it } from 'vitest';
import { settings } from './setting-schemas.js';

describe('settings', () => {
  it('reads flags the ways people write them, and refuses the rest', () => {
    for (const v of ['true', '1', 'yes']) expect(settings.flag().parse(v)).toBe(true);
    for (const v of ['false', '0', 'no']) expect(settings.flag().parse(v)).toBe(false);
    expect(settings.flag().safeParse('maybe').success).toBe(false);
  });

  it('splits comma lists, trimming and dropping empty entries', () => {
    expect(settings.list().parse(' a, B ,,c ')).toEqual(['a', 'B', 'c']);
    expect(settings.list(true).parse('Example.COM, b.org')).toEqual(['example.com', 'b.org']);
  });

  it('takes URLs of the given schemes only, naming an example when not', () => {
    const smtp = settings.url(/^smtps?:$/, 'smtp://mail.example.com:587');
    expect(smtp.parse('smtps://u:p@mail.example.com:465')).toBe('smtps://u:p@mail.example.com:465');
    const bad = smtp.safeParse('http://mail.example.com');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe('must be a URL like smtp://mail.example.com:587');
    expect(smtp.safeParse('not a url').success).toBe(false);
  });
});
