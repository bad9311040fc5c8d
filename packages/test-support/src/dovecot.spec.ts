import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from './dovecot.js';

const mail = (subject: string) =>
  `From: Ada <ada@customer.test>\r\nTo: support@example.com\r\nSubject: ${subject}\r\n` +
  `Message-ID: <${subject.replace(/\W/g, '')}@customer.test>\r\n\r\nHello, my order is late.\r\n`;

/** Command lines of live processes that mention `text`. */
function processesWith(text: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    })
    .filter((cmd) => cmd.includes(text));
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.on('connect', () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(true));
  });

describe('startDovecot', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({ users: { 'sales@example.com': 'p@ss:word?/' } });
  });
  afterAll(() => dovecot?.stop());

  it('stores an appended message that an IMAP client reads back', async () => {
    const uid = await dovecot.append('support@example.com', mail('Order 1001'));
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user: 'support@example.com', pass: dovecot.users['support@example.com'] },
      logger: false,
    });
    await client.connect();
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const msg = await client.fetchOne(
          String(uid),
          { envelope: true, source: true },
          { uid: true },
        );
        expect(msg && msg.envelope?.subject).toBe('Order 1001');
        expect(msg && msg.source?.toString()).toBe(mail('Order 1001'));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
    expect(await dovecot.messages('support@example.com')).toEqual([
      { uid, flags: [], raw: Buffer.from(mail('Order 1001')) },
    ]);
  });

  it('keeps flags and creates the mailbox appended to', async () => {
    const uid = await dovecot.append('support@example.com', mail('Sent 1'), 'Archive', ['\\Seen']);
    expect(await dovecot.messages('support@example.com', 'Archive')).toEqual([
      { uid, flags: ['\\Seen'], raw: Buffer.from(mail('Sent 1')) },
    ]);
    const client = await dovecot.connect();
    const special = (await client.list()).map((b) => b.specialUse).filter(Boolean);
    await client.logout();
    expect(special).toEqual(expect.arrayContaining(['\\Inbox', '\\Sent', '\\Trash', '\\Junk']));
  });

  it('gives each user a mailbox of their own, reachable by URL', async () => {
    expect(await dovecot.messages('sales@example.com')).toEqual([]);
    const url = new URL(dovecot.url('sales@example.com'));
    expect(url.protocol).toBe('imap:');
    expect(decodeURIComponent(url.username)).toBe('sales@example.com');
    expect(decodeURIComponent(url.password)).toBe('p@ss:word?/');
    expect(url.pathname).toBe('/INBOX');
    await expect(dovecot.connect('nobody@example.com')).rejects.toThrow(/no IMAP user/);
  });

  it('refuses a wrong password', async () => {
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user: 'support@example.com', pass: 'wrong' },
      logger: false,
    });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
  });

  it('tells an idling client about a new message', async () => {
    const client = await dovecot.connect();
    try {
      const lock = await client.getMailboxLock('INBOX');
      const before = client.mailbox ? client.mailbox.exists : 0;
      const seen = new Promise<number>((resolve) =>
        client.on('exists', (e: { count: number }) => resolve(e.count)),
      );
      const idling = client.idle();
      await dovecot.append('support@example.com', mail('While idle'));
      expect(await seen).toBe(before + 1);
      lock.release();
      await client.noop(); // ends IDLE
      await idling;
    } finally {
      await client.logout();
    }
  });
});

describe('startDovecot instances', () => {
  it('run side by side without sharing anything, and stop leaves nothing behind', async () => {
    const [a, b] = await Promise.all([startDovecot(), startDovecot()]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.dir).not.toBe(b.dir);
      await a.append('support@example.com', mail('Only in A'));
      expect(await a.messages('support@example.com')).toHaveLength(1);
      expect(await b.messages('support@example.com')).toEqual([]);
    } finally {
      const instance = /instance_name = (\S+)/.exec(readFileSync(`${a.dir}/dovecot.conf`, 'utf8'));
      await a.stop();
      await a.stop(); // idempotent
      expect(existsSync(a.dir)).toBe(false);
      expect(await refused(a.port)).toBe(true);
      expect(processesWith(a.dir)).toEqual([]);
      expect(processesWith(instance![1])).toEqual([]);
      // b is untouched by a's stop
      expect(await b.messages('support@example.com')).toEqual([]);
      await b.stop();
      expect(existsSync(b.dir)).toBe(false);
    }
  });

  it('serves IMAPS with a certificate a client can trust', async () => {
    const d = await startDovecot({ tls: true });
    try {
      const client = new ImapFlow({
        host: d.host,
        port: d.tls!.port,
        secure: true,
        tls: { ca: [d.tls!.ca] },
        auth: { user: 'support@example.com', pass: d.users['support@example.com'] },
        logger: false,
      });
      await client.connect();
      expect(client.secureConnection).toBe(true);
      await client.logout();
    } finally {
      await d.stop();
    }
  });

  it('says what went wrong when Dovecot does not start', async () => {
    await expect(startDovecot({ binary: '/nonexistent/dovecot' })).rejects.toThrow(
      /install dovecot-imapd \(\.ci\/run does/,
    );
    const failed = startDovecot({ extraConfig: 'no_such_setting = 1' });
    await expect(failed).rejects.toThrow(/did not start[\s\S]*no_such_setting/);
  });
});
