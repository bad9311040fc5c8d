/** What Meta's subscription handshake got back. */
export interface WhatsAppHandshakeResult {
  status: number;
  body: string;
  /** Whether the webhook echoed the challenge with 200, as Meta requires to subscribe it. */
  verified: boolean;
  challenge: string;
}

/**
 * Meta's webhook verification: `GET <url>?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`,
 * which the webhook must answer 200 with the challenge as its body.
 */
export async function verifyWebhook(
  url: string,
  verifyToken: string,
  challenge = String(Math.floor(Math.random() * 1e9)),
): Promise<WhatsAppHandshakeResult> {
  const target = new URL(url);
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.verify_token', verifyToken);
  target.searchParams.set('hub.challenge', challenge);
  const res = await fetch(target, { headers: { 'User-Agent': 'facebookplatform/1.0' } });
  const body = await res.text();
  return {
    status: res.status,
    body,
    verified: res.status === 200 && body === challenge,
    challenge,
  };
}
