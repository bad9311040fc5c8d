import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dovecot, SmtpSink } from '@casehub/test-support';
import type { TestHub } from '@casehub/plugin-testkit';
import { SUPPORT, customerMail, startMailServers, stopMailServers, waitFor } from './support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const MAILS = 40;

/** Nothing lost, nothing twice: the plugin is SIGKILLed while it imports a mailbox. */
describe('email intake survives a crash', () => {
  let hub: TestHub;
  let dovecot: Dovecot;
  let sink: SmtpSink;
  let child: ChildProcess | null = null;

  const run = () => {
    child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        ...hub.env,
        SMTP_URL: sink.url,
        EMAIL_FROM: SUPPORT,
        IMAP_URL: dovecot.url(),
        EMAIL_ACKNOWLEDGE: 'false',
      },
      stdio: 'ignore',
    });
  };
  const caseCount = async () =>
    (await hub.core.cases.list({ text: 'Crash mail', limit: 100 })).items.length;

  beforeAll(async () => {
    ({ hub, dovecot, sink } = await startMailServers());
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await stopMailServers({ hub, dovecot, sink });
  });

  it('imports every mail exactly once after being killed mid-mailbox', async () => {
    for (let i = 1; i <= MAILS; i++) {
      await dovecot.append(
        dovecot.users[0],
        customerMail({
          from: `customer${i}@example.com`,
          subject: `Crash mail ${i}`,
          messageId: `<crash${i}@example.com>`,
          body: `Mail number ${i}.`,
        }),
      );
    }
    run();
    await waitFor(async () => expect(await caseCount()).toBeGreaterThan(0), 30_000);
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const before = await caseCount();
    expect(before).toBeLessThan(MAILS); // killed mid-way: the test means something

    run();
    await waitFor(async () => expect(await caseCount()).toBe(MAILS), 60_000);
    const { items } = await hub.core.cases.list({ text: 'Crash mail', limit: 100 });
    expect(new Set(items.map((c) => c.subject)).size).toBe(MAILS);
    for (const c of items.slice(0, 5)) {
      expect((await hub.core.cases.messages(c.id)).items).toHaveLength(1);
    }
  });
});
