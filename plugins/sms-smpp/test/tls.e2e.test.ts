import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import { startNodeSmsc } from './smsc/node-smsc.js';
import type { TestSmsc } from './smsc/test-smsc.js';
import {
  newPhone,
  pluginEnv,
  replyReaches,
  replyTo,
  smsCase,
  submitsTo,
  waitFor,
} from './support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * SMPP over TLS (`ssmpp://`), as an operator's SMSC with a certificate from its own CA: the CA
 * is trusted through Node.js's NODE_EXTRA_CA_CERTS, and without it nothing binds.
 */
describe('sms-smpp over TLS', () => {
  let hub: TestHub;
  let smsc: TestSmsc;
  let dir: string;
  const children: { child: ChildProcess; output: string }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'casehub-smpp-tls-'));
    // A self-signed certificate for the address the SMSC listens on.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=smsc.test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    smsc = await startNodeSmsc({
      tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    });
    hub = await startTestHub();
  });
  afterAll(async () => {
    for (const { child } of children) child.kill('SIGKILL');
    await hub?.stop();
    await smsc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>) => {
    const child = spawn(process.execPath, ['--enable-source-maps', MAIN], {
      env: { ...process.env, ...hub.env, ...pluginEnv(smsc), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = { child, output: '' };
    const take = (b: Buffer) => (proc.output += b.toString());
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    children.push(proc);
    return proc;
  };
  const stop = async (proc: { child: ChildProcess }) => {
    const exited = new Promise((resolve) => proc.child.once('exit', resolve));
    proc.child.kill('SIGTERM');
    await exited;
  };

  it('refuses to bind to an SMSC whose certificate it does not trust', async () => {
    expect(smsc.url()).toMatch(/^ssmpp:\/\//);
    const proc = run({});
    await waitFor(() => expect(proc.output).toMatch(/cannot bind \(.*certificate/i), 30_000);
    expect(smsc.binds).toHaveLength(0);
    await stop(proc);
  });

  it('binds over TLS with the CA trusted and texts a reply', async () => {
    const proc = run({ NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') });
    await waitFor(() => expect(smsc.bound, proc.output).toBe(1), 30_000);
    const phone = newPhone();
    await smsCase(hub, phone);
    const reply = await replyTo(hub, phone, 'Your router is on its way.');
    const sent = await replyReaches(hub, reply, 'sent');
    expect(submitsTo(smsc, phone)).toHaveLength(1);
    expect(sent.providerMessageId).toBeTruthy();
    expect(proc.output).toContain('bound to ssmpp://127.0.0.1:');
    await stop(proc);
  });
});
