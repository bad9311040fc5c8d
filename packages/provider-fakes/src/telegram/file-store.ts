import { randomBytes } from 'node:crypto';
import type { File } from './bot-api-types.js';

/** The folders Telegram's `file_path`s start with, per kind of file. */
export type FileKind = 'photos' | 'documents' | 'voice' | 'music' | 'videos' | 'stickers';

/** A file the fake keeps: one a customer sent, or one the bot uploaded. */
export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  /** Where `GET /file/bot<token>/<path>` serves it. */
  path: string;
  bytes: Buffer;
  contentType: string;
  filename?: string;
}

/** Telegram serves files up to 20 MB through getFile. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

const EXTENSIONS: Readonly<Record<FileKind, string>> = {
  photos: 'jpg',
  documents: 'bin',
  voice: 'oga',
  music: 'mp3',
  videos: 'mp4',
  stickers: 'webp',
};

/** Files by `file_id` and by `file_path`. */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private counter = 0;

  add(kind: FileKind, bytes: Buffer, contentType: string, filename?: string): StoredFile {
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(filename ?? '')?.[1] ?? EXTENSIONS[kind];
    const file: StoredFile = {
      // Telegram's ids are opaque base64url strings; these look the part.
      fileId: `BQACAgIAAxkBAA${randomBytes(30).toString('base64url')}`,
      fileUniqueId: `AgAD${randomBytes(8).toString('base64url')}`,
      path: `${kind}/file_${this.counter++}.${ext.toLowerCase()}`,
      bytes: Buffer.from(bytes),
      contentType,
      ...(filename ? { filename } : {}),
    };
    this.byId.set(file.fileId, file);
    this.byPath.set(file.path, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  atPath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }

  /** The `File` object getFile answers. */
  static fileObject(f: StoredFile): File {
    return {
      file_id: f.fileId,
      file_unique_id: f.fileUniqueId,
      file_size: f.bytes.length,
      file_path: f.path,
    };
  }

  clear(): void {
    this.byId.clear();
    this.byPath.clear();
  }
}
