import { Injectable } from '@nestjs/common';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import { senderOf, type SmsTwilioConfig } from '../sms-twilio.config.js';
import { retryAfterMs, TwilioApiError, type TwilioErrorBody } from './twilio-api-error.js';

/** The parts of Twilio's Message resource this plugin reads. */
export interface TwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  body: string;
  status: string;
  messaging_service_sid: string | null;
  date_created: string | null;
  num_segments: string;
}

/** What to send: one SMS (1,600 characters at most). */
export interface SendRequest {
  to: string;
  body: string;
  /** Where Twilio posts the message's status changes. */
  statusCallback?: string;
}

/** A media file of an inbound MMS. */
export interface TwilioMedia {
  bytes: Buffer;
  contentType: string;
}

/** Well inside the 30 s a handler has before JetStream hands its event to another replica. */
const TIMEOUT_MS = 10_000;
/** Twilio allows MMS media up to 5 MB; anything much larger is not what Twilio would send. */
const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/**
 * A thin typed client over `fetch` for Twilio's REST API (2010-04-01): Basic auth with the
 * account's SID and auth token, form-encoded bodies, Twilio's error JSON as TwilioApiError.
 */
@Injectable()
export class TwilioClient {
  private readonly base: string;
  private readonly auth: string;

  constructor(@InjectPluginConfig() private readonly cfg: SmsTwilioConfig) {
    this.base = `${cfg.TWILIO_API_URL}/2010-04-01/Accounts/${cfg.TWILIO_ACCOUNT_SID}`;
    this.auth = `Basic ${Buffer.from(`${cfg.TWILIO_ACCOUNT_SID}:${cfg.TWILIO_AUTH_TOKEN}`).toString('base64')}`;
  }

  /** `POST …/Messages.json`: resolves with the created message (its `SM…` sid). */
  send(req: SendRequest): Promise<TwilioMessage> {
    const form = new URLSearchParams({
      To: req.to,
      ...senderOf(this.cfg.TWILIO_FROM),
      Body: req.body,
      ...(req.statusCallback ? { StatusCallback: req.statusCallback } : {}),
    });
    return this.call<TwilioMessage>(`${this.base}/Messages.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  }

  /**
   * Messages sent to `to` from this plugin's sender since `since` (Twilio filters by day), newest
   * first: what a crashed send may have left behind.
   */
  async sentTo(to: string, since: Date): Promise<TwilioMessage[]> {
    const sender = senderOf(this.cfg.TWILIO_FROM);
    const query = new URLSearchParams({ To: to, PageSize: '100' });
    if ('From' in sender) query.set('From', sender.From);
    query.set('DateSent>', since.toISOString().slice(0, 10));
    const page = await this.call<{ messages: TwilioMessage[] }>(
      `${this.base}/Messages.json?${query.toString()}`,
      { method: 'GET' },
    );
    return page.messages.filter(
      (m) =>
        !('MessagingServiceSid' in sender) ||
        m.messaging_service_sid === sender.MessagingServiceSid,
    );
  }

  /**
   * An inbound MMS's media file. Twilio's own URLs get the account's credentials (HTTP auth on
   * media may be on); a URL elsewhere never does.
   */
  async media(url: string): Promise<TwilioMedia> {
    const ours = new URL(url).origin === new URL(this.cfg.TWILIO_API_URL).origin;
    const res = await this.request(url, {
      method: 'GET',
      headers: ours ? { authorization: this.auth } : {},
    });
    if (!res.ok) throw await errorOf(res);
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_MEDIA_BYTES) {
      await res.body?.cancel();
      throw new TwilioApiError(res.status, null, `media of ${length} bytes is too large`);
    }
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  private async call<T>(url: string, init: RequestInit): Promise<T> {
    const res = await this.request(url, {
      ...init,
      headers: { ...init.headers, authorization: this.auth, accept: 'application/json' },
    });
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new TwilioApiError(null, null, cause ?? (err as Error).message);
    }
  }
}

async function errorOf(res: Response): Promise<TwilioApiError> {
  const text = await res.text().catch(() => '');
  let body: Partial<TwilioErrorBody> = {};
  try {
    body = JSON.parse(text) as Partial<TwilioErrorBody>;
  } catch {
    // Not Twilio's JSON (a proxy's page): the status says enough.
  }
  return new TwilioApiError(
    res.status,
    typeof body.code === 'number' ? body.code : null,
    body.message ?? (text.slice(0, 200) || res.statusText),
    retryAfterMs(res.headers.get('retry-after')),
    body.more_info ?? null,
  );
}
