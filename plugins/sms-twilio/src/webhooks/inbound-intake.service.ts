import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, type AttachmentMeta } from '@casehub/domain';
import type { FormParams } from '@casehub/channel-kit';
import { InboundPublisher } from '@casehub/plugin-sdk';
import { MediaFiles } from '../state/media-files.js';
import { TwilioClient } from '../twilio/twilio-client.js';
import { withDeadline } from './deadline.js';
import { field } from './twilio-form.js';

/** Twilio waits 15 s for an answer: what is not stored by then is answered 503. */
const DEADLINE_MS = 10_000;
const MAX_MEDIA = 10; // Twilio's own limit per MMS

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'text/vcard': 'vcf',
  'text/x-vcard': 'vcf',
  'application/pdf': 'pdf',
};

/** How an incoming message ended. */
export type Intake = 'stored' | 'ignored';

/**
 * Hands a customer's text (with its MMS media, kept in the plugin's object store) to the core.
 * Resolves once JetStream stored it; rejects when that could not happen in time, and Twilio's
 * retry brings the same MessageSid, which the core keeps once.
 */
@Injectable()
export class InboundIntake {
  private readonly log = new Logger('SmsInbound');

  constructor(
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(TwilioClient) private readonly twilio: TwilioClient,
    @Inject(MediaFiles) private readonly files: MediaFiles,
  ) {}

  receive(form: FormParams): Promise<Intake> {
    return withDeadline(this.store(form), DEADLINE_MS, 'storing the message');
  }

  private async store(form: FormParams): Promise<Intake> {
    const sid = field(form, 'MessageSid');
    const from = field(form, 'From');
    if (!sid || !from) {
      this.log.warn('an incoming message without MessageSid or From: ignored');
      return 'ignored';
    }
    const receivedAt = new Date().toISOString();
    const attachments = await this.media(form, sid);
    try {
      await this.inbound.message({
        channel: 'sms',
        from: { kind: 'phone', value: from },
        providerMessageId: sid,
        receivedAt,
        body: field(form, 'Body') ?? '',
        attachments,
      });
    } catch (err) {
      // A sender that is no phone number (a short code, an alphanumeric ID): no retry helps.
      if (!(err instanceof DomainError)) throw err;
      this.log.warn(`message ${sid} from ${from} ignored: ${err.message}`);
      return 'ignored';
    }
    return 'stored';
  }

  /** The MMS's media files, fetched with the account's credentials and stored. */
  private async media(form: FormParams, sid: string): Promise<AttachmentMeta[]> {
    const count = Math.min(MAX_MEDIA, Number(field(form, 'NumMedia') ?? 0) || 0);
    const out: AttachmentMeta[] = [];
    for (let i = 0; i < count; i++) {
      const url = field(form, `MediaUrl${i}`);
      if (!url) continue;
      const media = await this.twilio.media(url);
      const contentType = (field(form, `MediaContentType${i}`) ?? media.contentType)
        .split(';')[0]
        .trim()
        .toLowerCase();
      const ext =
        EXTENSIONS[contentType] ?? /^[a-z]+\/([a-z0-9]{1,8})$/.exec(contentType)?.[1] ?? 'bin';
      out.push(
        await this.files.keep(`${sid}/${i}`, media.bytes, {
          filename: `${sid}-${i + 1}.${ext}`,
          contentType,
        }),
      );
    }
    return out;
  }
}
