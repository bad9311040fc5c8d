import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface CdnFile {
  bytes: Buffer;
  contentType: string;
}

/**
 * Meta's CDN for attachments people send: public, signed, expiring URLs
 * (`…/cdn/v/<key>/<name>?oh=<signature>&oe=<expiry, hex seconds>`), fetched without the page
 * token. A changed or expired URL is refused with 403, as scontent refuses it.
 */
export class MessengerCdn {
  private readonly files = new Map<string, CdnFile>();
  private readonly secret = randomBytes(16);

  constructor(private readonly baseUrl: () => string) {}

  /** Keeps the bytes and returns a URL valid for `ttlMs`. */
  host(
    bytes: Uint8Array | string,
    contentType: string,
    filename: string,
    ttlMs = 3_600_000,
  ): string {
    const key = randomBytes(12).toString('hex');
    this.files.set(key, { bytes: Buffer.from(bytes), contentType });
    const path = `/cdn/v/${key}/${encodeURIComponent(filename)}`;
    const oe = Math.floor((Date.now() + ttlMs) / 1000).toString(16);
    return `${this.baseUrl()}${path}?oh=${this.sign(path, oe)}&oe=${oe}`;
  }

  /** Answers a GET under `/cdn/`; false when the path is not the CDN's. */
  handle(url: URL, req: IncomingMessage, res: ServerResponse): boolean {
    const m = /^\/cdn\/v\/([0-9a-f]{24})\/[^/]+$/.exec(url.pathname);
    if (!m) return false;
    const oe = url.searchParams.get('oe') ?? '';
    const oh = Buffer.from(url.searchParams.get('oh') ?? '', 'hex');
    const expected = Buffer.from(this.sign(url.pathname, oe), 'hex');
    const file = this.files.get(m[1]);
    const refuse = (why: string) => {
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end(why);
    };
    if (req.method !== 'GET') return (refuse('Method not allowed'), true);
    if (oh.length !== expected.length || !timingSafeEqual(oh, expected))
      return (refuse('Bad URL hash'), true);
    if (parseInt(oe, 16) * 1000 < Date.now()) return (refuse('URL signature expired'), true);
    if (!file) return (refuse('Bad URL hash'), true);
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.bytes.length });
    res.end(file.bytes);
    return true;
  }

  clear(): void {
    this.files.clear();
  }

  private sign(path: string, oe: string): string {
    return createHmac('sha256', this.secret).update(`${path}|${oe}`).digest('hex').slice(0, 32);
  }
}
