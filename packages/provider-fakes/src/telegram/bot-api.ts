import type { IncomingMessage, ServerResponse } from 'node:http';
import { BotApiError, botErrors } from './bot-api-error.js';
import type { UpdateType, WebhookInfo } from './bot-api-types.js';
import { FileStore, MAX_DOWNLOAD_BYTES } from './file-store.js';
import type { Stall } from './held-requests.js';
import { injectedError } from './injected-failure.js';
import {
  boolParam,
  intParam,
  jsonParam,
  readParams,
  stringParam,
  type RequestParams,
} from './request-params.js';
import { send } from './send-methods.js';
import type { TelegramState } from './telegram-state.js';

/** Telegram's method names; requests may spell them in any case. */
const METHODS = [
  'getMe',
  'setWebhook',
  'deleteWebhook',
  'getWebhookInfo',
  'getUpdates',
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'getFile',
] as const;
type Method = (typeof METHODS)[number];
const BY_LOWER = new Map<string, Method>(METHODS.map((m) => [m.toLowerCase(), m]));
const SENDS: readonly string[] = ['sendMessage', 'sendPhoto', 'sendDocument'];
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const UPDATE_TYPES: readonly string[] = ['message', 'edited_message', 'my_chat_member'];

/**
 * The part of the Bot API the fake serves: `/bot<token>/<method>` (GET or POST; query, JSON,
 * urlencoded or multipart parameters) answering `{ ok, result }` or `{ ok: false, error_code,
 * description, parameters? }`, and file downloads at `/file/bot<token>/<file_path>`.
 */
export class BotApi {
  constructor(
    private readonly state: TelegramState,
    private readonly stalls: readonly Stall[],
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.download(req, res, file[1], decodeURIComponent(file[2]));
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    let params: RequestParams = { values: {}, files: {} };
    let method = call?.[2] ?? url.pathname;
    const answer = (status: number, body: object, error?: BotApiError) => {
      this.record(req, method, params, status, error);
      json(res, status, body);
    };
    try {
      if (!call) throw botErrors.notFound();
      params = await readParams(req, url);
      if (call[1] !== this.state.token) throw botErrors.unauthorized();
      const known = BY_LOWER.get(call[2].toLowerCase());
      if (!known) throw botErrors.notFound();
      method = known;
      const chatId = Number(params.values.chat_id);
      const traits = { method, chatId: Number.isFinite(chatId) ? chatId : null };
      if (!(await this.pass(traits, res))) {
        this.record(req, method, params, null);
        return;
      }
      const injected = this.injected(method, traits.chatId);
      if (injected) throw injected;
      const { result, description } = await this.call(known, params, res);
      if (res.destroyed) return; // a long poll whose client left
      answer(200, { ok: true, result, ...(description ? { description } : {}) });
    } catch (err) {
      if (!(err instanceof BotApiError)) throw err;
      if (res.destroyed) return;
      answer(err.errorCode, err.body, err);
    }
  }

  private async call(
    method: Method,
    p: RequestParams,
    res: ServerResponse,
  ): Promise<{ result: unknown; description?: string }> {
    const s = this.state;
    switch (method) {
      case 'getMe':
        return { result: s.bot };
      case 'setWebhook':
        return this.setWebhook(p);
      case 'deleteWebhook': {
        const had = s.updates.webhook !== null;
        s.updates.deleteWebhook(boolParam(p, 'drop_pending_updates'));
        return {
          result: true,
          description: had ? 'Webhook was deleted' : 'Webhook is already deleted',
        };
      }
      case 'getWebhookInfo':
        return { result: this.webhookInfo() };
      case 'getUpdates': {
        const allowed = this.allowedUpdates(p);
        if (allowed !== undefined && !s.updates.webhook) s.updates.allowedUpdates = allowed;
        const updates = await s.updates.getUpdates(
          intParam(p, 'offset'),
          intParam(p, 'limit'),
          Math.min(50, Math.max(0, intParam(p, 'timeout') ?? 0)),
          (abandon) => res.once('close', abandon),
        );
        return { result: updates };
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
        return { result: send(s, method, p).message };
      case 'getFile': {
        const id = stringParam(p, 'file_id');
        if (!id) throw botErrors.missing('file_id');
        const f = s.files.get(id);
        if (!f) throw botErrors.invalidFileId();
        if (f.bytes.length > MAX_DOWNLOAD_BYTES) throw botErrors.fileTooBig();
        return { result: FileStore.fileObject(f) };
      }
    }
  }

  private setWebhook(p: RequestParams): { result: true; description: string } {
    const url = stringParam(p, 'url') ?? '';
    const updates = this.state.updates;
    const drop = boolParam(p, 'drop_pending_updates');
    if (url === '') {
      // An empty URL removes the webhook, as deleteWebhook does.
      const had = updates.webhook !== null;
      updates.deleteWebhook(drop);
      return {
        result: true,
        description: had ? 'Webhook was deleted' : 'Webhook is already deleted',
      };
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw botErrors.invalid('bad webhook: invalid webhook URL specified');
    }
    if (this.state.requireHttps && parsed.protocol !== 'https:') throw botErrors.badWebhookUrl();
    if (!/^https?:$/.test(parsed.protocol)) throw botErrors.badWebhookUrl();
    const secret = stringParam(p, 'secret_token');
    if (secret !== undefined && secret !== '' && !SECRET_TOKEN.test(secret))
      throw botErrors.secretToken();
    const maxConnections = intParam(p, 'max_connections') ?? 40;
    if (maxConnections < 1 || maxConnections > 100)
      throw botErrors.invalid('bad webhook: max_connections must be between 1 and 100');
    const allowed = this.allowedUpdates(p);
    const same = updates.webhook?.url === url && updates.webhook.secretToken === (secret || null);
    if (allowed !== undefined) updates.allowedUpdates = allowed;
    updates.setWebhook({ url, secretToken: secret || null, maxConnections }, drop);
    return { result: true, description: same ? 'Webhook is already set' : 'Webhook was set' };
  }

  private allowedUpdates(p: RequestParams): UpdateType[] | undefined {
    const allowed = jsonParam<unknown>(p, 'allowed_updates');
    if (allowed === undefined) return undefined;
    if (!Array.isArray(allowed) || allowed.some((t) => typeof t !== 'string'))
      throw botErrors.invalid("can't parse allowed updates");
    // Types the fake never produces are accepted and never matched, as at Telegram.
    return allowed.filter((t: string) => UPDATE_TYPES.includes(t)) as UpdateType[];
  }

  private webhookInfo(): WebhookInfo {
    const q = this.state.updates;
    const info: WebhookInfo = {
      url: q.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: q.pendingCount,
    };
    if (q.webhook) {
      info.ip_address = '127.0.0.1';
      info.max_connections = q.webhook.maxConnections;
      if (q.allowedUpdates) info.allowed_updates = [...q.allowedUpdates];
      if (q.lastError) {
        info.last_error_date = q.lastError.date;
        info.last_error_message = q.lastError.message;
      }
    }
    return info;
  }

  private async download(
    req: IncomingMessage,
    res: ServerResponse,
    token: string,
    path: string,
  ): Promise<void> {
    const empty = { values: {}, files: {} };
    for await (const chunk of req) void chunk; // nothing to read, but the request must end
    const fail = (err: BotApiError) => {
      this.record(req, 'file', { values: { file_path: path }, files: {} }, err.errorCode, err);
      json(res, err.errorCode, err.body);
    };
    if (token !== this.state.token) return fail(botErrors.unauthorized());
    const f = this.state.files.atPath(path);
    if (!f) return fail(botErrors.notFound());
    if (!(await this.pass({ method: 'file', chatId: null }, res))) {
      this.record(req, 'file', { ...empty, values: { file_path: path } }, null);
      return;
    }
    this.record(req, 'file', { ...empty, values: { file_path: path } }, 200);
    res.writeHead(200, { 'content-type': f.contentType, 'content-length': f.bytes.length });
    res.end(f.bytes);
  }

  private async pass(traits: { method: string; chatId: number | null }, res: ServerResponse) {
    for (const stall of this.stalls) if (!(await stall.gate(traits, res))) return false;
    return true;
  }

  private injected(method: string, chatId: number | null): BotApiError | null {
    const failures = this.state.failures;
    const i = failures.findIndex(
      (f) =>
        (f.method ? f.method.toLowerCase() === method.toLowerCase() : SENDS.includes(method)) &&
        (f.chatId === undefined || f.chatId === chatId),
    );
    if (i < 0) return null;
    const [failure] = failures.splice(i, 1);
    return injectedError(failure);
  }

  private record(
    req: IncomingMessage,
    method: string,
    p: RequestParams,
    status: number | null,
    error?: BotApiError,
  ): void {
    this.state.requests.push({
      method,
      httpMethod: req.method ?? 'GET',
      params: { ...p.values },
      files: Object.fromEntries(Object.entries(p.files).map(([k, f]) => [k, f.filename])),
      status,
      errorCode: error?.errorCode ?? null,
      description: error?.description ?? null,
      retryAfter: error?.parameters?.retry_after ?? null,
      at: new Date(),
    });
  }
}

function json(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
