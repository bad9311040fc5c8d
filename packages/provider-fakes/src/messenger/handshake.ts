/** What the plugin answered Meta's subscription handshake. */
export interface MessengerHandshakeResult {
  status: number;
  body: string;
  /** The plugin echoed the challenge: Meta would accept the webhook. */
  verified: boolean;
}

/**
 * Meta's webhook verification: `GET <url>?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`;
 * the endpoint must answer 200 with the challenge as its body.
 */
export async function verifyWebhook(
  url: string,
  verifyToken: string,
  challenge: string,
  mode = 'subscribe',
): Promise<MessengerHandshakeResult> {
  const target = new URL(url);
  target.searchParams.set('hub.mode', mode);
  target.searchParams.set('hub.verify_token', verifyToken);
  target.searchParams.set('hub.challenge', challenge);
  const res = await fetch(target, { headers: { 'User-Agent': 'facebookplatform/1.0' } });
  const body = await res.text();
  return { status: res.status, body, verified: res.status === 200 && body === challenge };
}
