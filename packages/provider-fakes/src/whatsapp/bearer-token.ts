import type { IncomingMessage } from 'node:http';

/** The access token of a Graph request: `Authorization: Bearer …`, else `?access_token=`. */
export function accessTokenOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (header) {
    const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
    return m ? m[1] : '';
  }
  return url.searchParams.get('access_token');
}
