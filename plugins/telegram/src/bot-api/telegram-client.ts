import { Injectable } from '@nestjs/common';
import { InjectPluginConfig } from '@casehub/plugin-sdk';
import type { TelegramConfig } from '../telegram.config.js';
import type { File, Message, Update } from './bot-api-types.js';
import { TelegramApiError, type BotApiErrorBody } from './telegram-api-error.js';

/** Well inside the 30 s a handler has before JetStream hands its event to another replica. */
const TIMEOUT_MS = 10_000;
/** Uploads take longer than a text. */
const UPLOAD_TIMEOUT_MS = 25_000;
/** getFile serves files up to 20 MB. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** The kinds of update the plugin asks for: messages, and being blocked or unblocked. */
export const ALLOWED_UPDATES = ['message', 'my_chat_member'] as const;

/** A file to upload with sendPhoto or sendDocument. */
export interface Upload {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

/** Where a message goes: a chat, and in a forum, its topic. */
export interface ChatTarget {
  chatId: number;
  threadId: number | null;
}

/**
 * A thin typed client over `fetch` for the Bot API: `POST <TELEGRAM_API_URL>/bot<token>/<method>`
 * with JSON (multipart for uploads), Telegram's `{ ok: false, … }` as TelegramApiError. The
 * token is part of every URL: no URL is ever put in an error or a log line.
 */
@Injectable()
export class TelegramClient {
  private readonly base: string;
  private readonly files: string;

  constructor(@InjectPluginConfig() cfg: TelegramConfig) {
    this.base = `${cfg.TELEGRAM_API_URL}/bot${cfg.TELEGRAM_BOT_TOKEN}`;
    this.files = `${cfg.TELEGRAM_API_URL}/file/bot${cfg.TELEGRAM_BOT_TOKEN}`;
  }

  getMe(): Promise<{ id: number; username: string }> {
    return this.call('getMe', {});
  }

  setWebhook(p: { url: string; secret_token: string }): Promise<true> {
    return this.call('setWebhook', { ...p, allowed_updates: ALLOWED_UPDATES });
  }

  deleteWebhook(): Promise<true> {
    return this.call('deleteWebhook', { drop_pending_updates: false });
  }

  /** A long poll: waits up to `timeoutSec` for updates from `offset` on. */
  getUpdates(offset: number | null, timeoutSec: number, signal?: AbortSignal): Promise<Update[]> {
    return this.call(
      'getUpdates',
      {
        ...(offset === null ? {} : { offset }),
        timeout: timeoutSec,
        allowed_updates: ALLOWED_UPDATES,
      },
      (timeoutSec + 10) * 1000,
      signal,
    );
  }

  sendMessage(to: ChatTarget, text: string): Promise<Message> {
    return this.call('sendMessage', {
      chat_id: to.chatId,
      text,
      ...(to.threadId === null ? {} : { message_thread_id: to.threadId }),
      link_preview_options: { is_disabled: false },
    });
  }

  /** sendPhoto or sendDocument with the file uploaded as multipart/form-data. */
  sendFile(method: 'sendPhoto' | 'sendDocument', to: ChatTarget, file: Upload): Promise<Message> {
    const form = new FormData();
    form.set('chat_id', String(to.chatId));
    if (to.threadId !== null) form.set('message_thread_id', String(to.threadId));
    const field = method === 'sendPhoto' ? 'photo' : 'document';
    form.set(
      field,
      new Blob([new Uint8Array(file.bytes)], { type: file.contentType }),
      file.filename,
    );
    return this.call(method, form, UPLOAD_TIMEOUT_MS);
  }

  getFile(fileId: string): Promise<File> {
    return this.call('getFile', { file_id: fileId });
  }

  /** A file's bytes, from getFile's `file_path` (the token is in the URL, as Telegram wants). */
  async download(filePath: string): Promise<Buffer> {
    const res = await this.request(
      `${this.files}/${filePath}`,
      { method: 'GET' },
      UPLOAD_TIMEOUT_MS,
    );
    if (!res.ok) throw await errorOf(res);
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_DOWNLOAD_BYTES) {
      await res.body?.cancel();
      throw new TelegramApiError(400, `file of ${length} bytes is too big to download`);
    }
    return Buffer.from(await res.arrayBuffer());
  }

  private async call<T>(
    method: string,
    body: object | FormData,
    timeoutMs = TIMEOUT_MS,
    signal?: AbortSignal,
  ): Promise<T> {
    const init: RequestInit =
      body instanceof FormData
        ? { method: 'POST', body }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          };
    const res = await this.request(`${this.base}/${method}`, init, timeoutMs, signal);
    if (!res.ok) throw await errorOf(res);
    const answer = (await res.json().catch(() => null)) as { ok?: boolean; result?: T } | null;
    if (!answer?.ok) throw new TelegramApiError(res.status, `unexpected answer to ${method}`);
    return answer.result as T;
  }

  private async request(
    url: string,
    init: RequestInit,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return await fetch(url, {
        ...init,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      // Never the message: undici's may quote the URL, and the URL holds the token.
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      const name = (err as Error).name;
      throw new TelegramApiError(null, cause ?? (name === 'TimeoutError' ? 'timed out' : name));
    }
  }
}

async function errorOf(res: Response): Promise<TelegramApiError> {
  const text = await res.text().catch(() => '');
  let body: Partial<BotApiErrorBody> = {};
  try {
    body = JSON.parse(text) as Partial<BotApiErrorBody>;
  } catch {
    // Not Telegram's JSON (a proxy's page): the status says enough.
  }
  return new TelegramApiError(
    typeof body.error_code === 'number' ? body.error_code : res.status,
    body.description ?? (res.statusText || `HTTP ${res.status}`),
    body.parameters?.retry_after ?? null,
    body.parameters?.migrate_to_chat_id ?? null,
  );
}
