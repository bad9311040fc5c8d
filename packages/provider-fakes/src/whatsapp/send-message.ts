import { graphErrors, whatsappError, type GraphError } from './graph-error.js';
import { parameterCount } from './fake-template.js';
import { newWamid } from './ids.js';
import { injectedError } from './injected-failure.js';
import type { WhatsAppSentMessage } from './sent-message.js';
import type { StoredMessage, WhatsAppState } from './whatsapp-state.js';

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;
const TYPES = ['text', 'template', ...MEDIA_TYPES] as const;
/** A business-scoped user id: country, `.`, optionally `ENT.`, then up to 128 alphanumerics. */
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `POST /{version}/{phone-number-id}/messages`: checks the request as the Cloud API does and
 * stores the message, or says which error to answer. Whether it then reaches the customer (the
 * 24-hour window, an undeliverable number) is for its status webhooks to say.
 */
export function createMessage(
  state: WhatsAppState,
  body: unknown,
): { message: StoredMessage } | { error: GraphError } {
  if (!isObject(body) || body.messaging_product !== 'whatsapp')
    return { error: graphErrors.invalidParameter('The parameter messaging_product is required.') };
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual')
    return { error: graphErrors.invalidParameter("Param recipient_type must be 'individual'.") };
  const type = body.type ?? 'text';
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type))
    return {
      error: graphErrors.invalidParameter(`Param type must be one of {${TYPES.join(', ')}}.`),
    };

  // `to` wins over `recipient`, as Meta documents.
  let waId: string | null = null;
  let userId: string | null = null;
  let input: string;
  if (typeof body.to === 'string' && body.to.trim()) {
    input = body.to;
    waId = body.to.replace(/[\s+\-()]/g, '');
    if (!/^\d{7,15}$/.test(waId))
      return {
        error: graphErrors.invalidParameter(`Param to (${body.to}) is not a phone number.`),
      };
  } else if (typeof body.recipient === 'string' && body.recipient) {
    input = body.recipient;
    userId = body.recipient;
    if (!BSUID.test(userId))
      return {
        error: graphErrors.invalidParameter(
          `Param recipient (${userId}) is not a business-scoped user id.`,
        ),
      };
  } else {
    return { error: graphErrors.invalidParameter('The parameter to is required.') };
  }

  const contentKey = JSON.stringify([input, type, body[type]]);
  state.requestCounts.set(contentKey, (state.requestCounts.get(contentKey) ?? 0) + 1);
  const injected = state.failures.shift();
  if (injected) return { error: injectedError(injected) };

  const content = contentOf(state, type as WhatsAppSentMessage['type'], body[type]);
  if ('error' in content) return content;
  const context = body.context;
  const replyTo =
    isObject(context) && typeof context.message_id === 'string' ? context.message_id : null;
  const callbackData = body.biz_opaque_callback_data;
  if (callbackData !== undefined && (typeof callbackData !== 'string' || callbackData.length > 512))
    return {
      error: graphErrors.invalidParameter(
        'Param biz_opaque_callback_data must be a string of at most 512 characters.',
      ),
    };

  const customer = state.customerOrNew({ waId, userId });
  const message: StoredMessage = {
    id: newWamid(),
    input,
    waId: waId ?? customer.waId,
    userId: userId ?? customer.userId,
    type: type as WhatsAppSentMessage['type'],
    text: null,
    template: null,
    media: null,
    ...content,
    replyTo,
    bizOpaqueCallbackData: callbackData ?? null,
    status: 'accepted',
    errorCode: null,
    sentAt: new Date(),
    request: body,
    contentKey,
  };
  state.messages.push(message);
  return { message };
}

type Content = Pick<StoredMessage, 'text' | 'template' | 'media'>;

function contentOf(
  state: WhatsAppState,
  type: WhatsAppSentMessage['type'],
  value: unknown,
): Partial<Content> | { error: GraphError } {
  const invalid = (details: string) => ({ error: graphErrors.invalidParameter(details) });
  if (!isObject(value)) return invalid(`Param ${type} is required for a ${type} message.`);
  if (type === 'text') {
    const text = value.body;
    if (typeof text !== 'string' || !text.trim()) return invalid("Param text['body'] is required.");
    if (text.length > 4096)
      return invalid("Param text['body'] must be at most 4096 characters long.");
    return { text };
  }
  if (type === 'template') return templateOf(state, value);
  const id = typeof value.id === 'string' ? value.id : null;
  const link = typeof value.link === 'string' ? value.link : null;
  if (!id === !link) return invalid(`Param ${type} must have either 'id' or 'link'.`);
  const media = id ? state.media.get(id) : undefined;
  if (id && !media) return invalid(`Param ${type}['id'] (${id}) is not a valid media id.`);
  const caption = typeof value.caption === 'string' ? value.caption : null;
  if (caption !== null && (type === 'audio' || type === 'sticker'))
    return invalid(`Param ${type} has no caption.`);
  if (caption !== null && caption.length > 1024)
    return invalid(`Param ${type}['caption'] must be at most 1024 characters long.`);
  const filename = typeof value.filename === 'string' ? value.filename : null;
  return {
    media: {
      id,
      link,
      caption,
      filename: filename ?? media?.filename ?? null,
      mimeType: media?.mimeType ?? null,
      bytes: media ? Buffer.from(media.bytes) : null,
    },
  };
}

/** A template message: the approved template in that language, its body parameters counted. */
function templateOf(state: WhatsAppState, value: Json): Partial<Content> | { error: GraphError } {
  const name = value.name;
  const language = isObject(value.language) ? value.language.code : undefined;
  if (typeof name !== 'string' || typeof language !== 'string')
    return {
      error: graphErrors.invalidParameter(
        "Param template['name'] and template['language']['code'] are required.",
      ),
    };
  const template = state.templates.find(
    (t) => t.name === name && t.language === language && (t.status ?? 'APPROVED') === 'APPROVED',
  );
  if (!template)
    return {
      error: whatsappError(132001, 404, `template name (${name}) does not exist in ${language}`),
    };
  const components = Array.isArray(value.components) ? value.components : [];
  const bodyComponent = components.find((c) => isObject(c) && c.type === 'body') as
    Json | undefined;
  const given = Array.isArray(bodyComponent?.parameters) ? bodyComponent.parameters : [];
  const parameters: string[] = [];
  for (const p of given) {
    if (!isObject(p) || p.type !== 'text' || typeof p.text !== 'string' || !p.text.trim())
      return {
        error: graphErrors.invalidParameter('A body parameter must be {type: "text", text}.'),
      };
    parameters.push(p.text);
  }
  const expected = parameterCount(template.body);
  if (parameters.length !== expected)
    return {
      error: whatsappError(
        132000,
        400,
        `body: number of localizable_params (${parameters.length}) does not match the expected number of params (${expected})`,
      ),
    };
  return { template: { name, language, parameters } };
}
