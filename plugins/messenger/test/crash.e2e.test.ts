import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '@casehub/domain';
import { freePort } from '@casehub/test-support';
import { BuiltPluginRuns, startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type {
  FakeMessenger,
  MessengerInboundResult,
  MessengerPerson,
} from '@casehub/provider-fakes';
import { caseOf, casesOf, messagesOf, pluginEnv, startFakeMeta, waitFor } from './support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const REPLIES = 12;

/**
 * Nothing lost, nothing twice: the built plugin is SIGKILLed while Meta is answering its sends,
 * and people keep writing while it is down (Meta retries its webhooks until answered 200).
 */
describe('messenger survives a crash mid-stream', () => {
  let hub: TestHub;
  let meta: FakeMessenger;
  let port: number;
  const runs = new BuiltPluginRuns(
    () => hub,
    () => ({ main: MAIN, name: 'messenger', env: pluginEnv(meta, port), upWithinMs: 60_000 }),
  );
  const { run, kill, output, killAll } = runs;

  beforeAll(async () => {
    [hub, port] = await Promise.all([startTestHub(), freePort()]);
    // Meta retries for hours; half a minute covers a restart here.
    meta = await startFakeMeta({
      webhooks: { retryDelaysMs: [500, 1_000, 2_000, 4_000, 8_000, 16_000] },
    });
    meta.subscribe(`http://127.0.0.1:${port}/messenger/webhook`);
  }, 120_000);
  afterAll(async () => {
    await killAll();
    await hub?.stop();
    await meta?.close();
  });

  it(
    'sends every reply exactly once and keeps every message after being killed',
    { timeout: 240_000 },
    async () => {
      await run();
      const people = Array.from({ length: REPLIES }, (_, i) =>
        meta.addPerson({ platform: i % 3 === 0 ? 'instagram' : 'messenger' }),
      );
      for (const p of people)
        await meta.customerWrites(p, { text: `Hilfe, Bestellung ${p.id} fehlt` });
      const cases = await Promise.all(people.map((p) => caseOf(hub, p)));

      // Meta stores each message, then answers 300 ms later: the kill lands in between.
      meta.setSendBehaviour({ delayMs: 300 });
      const replies: MessageView[] = [];
      const reply = async (i: number) => {
        replies.push(
          await hub.core.cases.addMessage(cases[i].id, { body: `Réponse pour ${people[i].id}` }),
        );
      };
      // Half the replies before the kill (it lands while the first send is in Meta's hands), half
      // while the plugin is down: the next run finds both kinds.
      for (let i = 0; i < REPLIES / 2; i++) await reply(i);
      await waitFor(() => expect(meta.sent.length).toBeGreaterThan(0));
      await kill();
      for (let i = REPLIES / 2; i < REPLIES; i++) await reply(i);
      expect(meta.sent.length).toBeLessThanOrEqual(REPLIES / 2);

      // People write while the plugin is down; Meta keeps retrying.
      const whileDown: Promise<MessengerInboundResult>[] = people
        .slice(0, 4)
        .map((p: MessengerPerson) => meta.customerWrites(p, { text: `Noch da? ${p.id}` }));
      meta.setSendBehaviour({});
      await run();
      await Promise.all(whileDown);

      await waitFor(async () => {
        for (const r of replies) {
          const m = (await hub.core.cases.messages(r.caseId)).items.find((x) => x.id === r.id);
          expect(['sent', 'delivered', 'read'], output()).toContain(m?.deliveryStatus);
        }
      }, 120_000);
      for (const p of people) {
        expect(meta.messagesTo(p).map((s) => s.text)).toEqual([`Réponse pour ${p.id}`]);
      }
      for (const [i, p] of people.slice(0, 4).entries()) {
        const bodies = (await messagesOf(hub, cases[i], 3)).map((m) => m.body);
        expect(bodies).toEqual([
          `Hilfe, Bestellung ${p.id} fehlt`,
          `Réponse pour ${p.id}`,
          `Noch da? ${p.id}`,
        ]);
        expect(await casesOf(hub, p)).toHaveLength(1);
      }
      // The send in Meta's hands when the process died was found again, not sent twice.
      expect(output()).toMatch(/was sent before a restart; not sending it again/);
      expect(await hub.deadLetters('messenger')).toEqual([]);
    },
  );
});
