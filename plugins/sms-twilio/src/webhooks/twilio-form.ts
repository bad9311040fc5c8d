import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { parseForm, type FormParams } from '@casehub/channel-kit';

/** What the webhooks read of a request (Fastify's, with the bytes the SDK keeps). */
export interface WebhookRequest {
  /** Path and query, as requested. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body's bytes as sent: what Twilio signed. */
  rawBody?: Buffer;
}

/** Every field Twilio posted, parsed from the bytes it signed (a repeated field is an array). */
export function formOf(req: WebhookRequest): FormParams {
  return req.rawBody && req.rawBody.length > 0 ? parseForm(req.rawBody) : {};
}

/** One field's value (the first, if repeated). */
export function field(form: FormParams, name: string): string | undefined {
  const v = form[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `@TwilioForm()`: the webhook's fields. */
export const TwilioForm = createParamDecorator((_: unknown, ctx: ExecutionContext): FormParams =>
  formOf(ctx.switchToHttp().getRequest<WebhookRequest>()),
);
