import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '@casehub/domain';
import { freePort } from '@casehub/test-support';
import { BuiltPluginRuns, startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeTelegram } from '@casehub/provider-fakes';
import { bodies, casesReach, pluginEnv, startFakeTelegram, waitFor } from './support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * Nothing lost, nothing twice: the built plugin (polling mode) is SIGKILLed while it stores a
 * batch of updates, and again while Telegram holds its sends; a new process takes over the
 * poll lease and the unfinished sends.
 */
describe('telegram survives a crash mid-stream', () => {
  let hub: TestHub;
  let telegram: FakeTelegram;
  let port: number;
  const runs = new BuiltPluginRuns(
    () => hub,
    () => ({
      main: MAIN,
      name: 'telegram',
      env: pluginEnv(telegram, port, 'polling'),
      upWithinMs: 60_000,
    }),
  );
  const { run, kill, output, killAll } = runs;
  const polls = () => telegram.requests.filter((r) => r.method === 'getUpdates');

  beforeAll(async () => {
    [hub, telegram, port] = await Promise.all([startTestHub(), startFakeTelegram(), freePort()]);
  });
  afterAll(async () => {
    await killAll();
    await hub?.stop();
    await telegram?.close();
  });

  it(
    'stores every update of a batch once after being killed in the middle of it',
    { timeout: 180_000 },
    async () => {
      await run();
      await waitFor(() => expect(polls().length).toBeGreaterThan(0));
      const users = Array.from({ length: 6 }, (_, i) =>
        telegram.user({ firstName: `Customer${i}` }),
      );
      // The fourth update's file download is held: the plugin dies while storing the batch.
      const stall = telegram.stall({ method: 'file' });
      const updates = users.map((u, i) =>
        i === 3
          ? telegram.write({
              chat: u.id,
              from: u,
              document: {
                bytes: Buffer.from(`%PDF-1.4 #${i}`),
                fileName: 'bill.pdf',
                mimeType: 'application/pdf',
              },
              caption: `Message ${i}`,
            }).update!
          : telegram.say(u, `Message ${i}`).update!,
      );
      await waitFor(() => expect(stall.held).toBe(1));
      await kill();
      // The held requests' clients are gone: Telegram never got them (see FakeTelegram.stall).
      await waitFor(() => expect(stall.held).toBe(0));
      stall.release();

      const pollsBefore = polls().length;
      await run(); // a new replica: it waits out the dead one's poll lease, then goes on
      for (const [i, u] of users.entries()) {
        const [c] = await casesReach(hub, u.id, 1);
        await waitFor(
          async () => expect(await bodies(hub, c.id), output()).toEqual([`Message ${i}`]),
          60_000,
        );
      }
      // The three stored before the kill were not asked for again: the offset had moved past them.
      const after = polls().slice(pollsBefore);
      expect(after[0].params.offset).toBe(updates[3].update_id);
      expect(after.every((r) => Number(r.params.offset) >= updates[3].update_id)).toBe(true);
      expect(await hub.deadLetters('telegram')).toEqual([]);
    },
  );

  it(
    'sends every part of every reply exactly once after being killed mid-send',
    { timeout: 180_000 },
    async () => {
      if (!runs.latest?.alive) await run();
      const users = Array.from({ length: 5 }, (_, i) => telegram.user({ firstName: `Reader${i}` }));
      const cases = [];
      for (const u of users) {
        telegram.say(u, 'Please send me the full terms');
        cases.push((await casesReach(hub, u.id, 1))[0]);
      }
      // Each reply is two messages (over 4,096 characters); Telegram takes the first three, then
      // holds every send until the process is dead.
      const paragraph = (n: number) =>
        `Section ${n}. ${'The terms and conditions apply. '.repeat(110)}`;
      const body = (i: number) => `${paragraph(1)}\n${paragraph(2)} (for reader ${i})`;
      const stall = telegram.stall({ method: 'sendMessage', after: 3 });
      const replies: MessageView[] = [];
      for (const [i, c] of cases.entries())
        replies.push(await hub.core.cases.addMessage(c.id, { body: body(i) }));
      await waitFor(() => expect(stall.held).toBeGreaterThan(0));
      await kill();
      // The held requests' clients are gone: Telegram never got them (see FakeTelegram.stall).
      await waitFor(() => expect(stall.held).toBe(0));
      stall.release();
      const before = telegram.sent.length;
      expect(before).toBe(3); // killed mid-way: the test means something

      await run();
      await waitFor(async () => {
        for (const r of replies) {
          const m = (await hub.core.cases.messages(r.caseId)).items.find((x) => x.id === r.id);
          expect(m?.deliveryStatus, output()).toBe('sent');
        }
      }, 120_000);
      for (const [i, u] of users.entries()) {
        const texts = telegram.messagesIn(u.id).map((s) => s.text);
        expect(texts).toEqual([paragraph(1).trimEnd(), `${paragraph(2)} (for reader ${i})`]);
      }
      // A part whose request was in flight when the process died is sent again, and said so.
      expect(output()).toMatch(/may have reached Telegram before the process sending it stopped/);
      expect(await hub.deadLetters('telegram')).toEqual([]);
    },
  );
});
