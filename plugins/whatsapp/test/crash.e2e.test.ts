import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, MessageView } from '@casehub/domain';
import { freePort } from '@casehub/test-support';
import { BuiltPluginRuns, startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeWhatsApp } from '@casehub/provider-fakes';
import { customerCase, newWaId, pluginEnv, startFakeWhatsApp, waitFor } from './support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const CUSTOMERS = 3;
const REPLIES_EACH = 4;

/**
 * Nothing lost, nothing twice: the built plugin is SIGKILLed while Graph is answering its sends
 * (the Cloud API cannot list sent messages: status webhooks tell what Meta took).
 */
describe('whatsapp survives a crash mid-stream', () => {
  let hub: TestHub;
  let wa: FakeWhatsApp;
  let port: number;
  const runs = new BuiltPluginRuns(
    () => hub,
    () => ({ main: MAIN, name: 'whatsapp', env: pluginEnv(wa, port), upWithinMs: 60_000 }),
  );
  const { run, kill, output, killAll } = runs;

  beforeAll(async () => {
    [hub, wa, port] = await Promise.all([startTestHub(), startFakeWhatsApp(), freePort()]);
    wa.setWebhook(`http://127.0.0.1:${port}/whatsapp/webhook`);
  }, 120_000);
  afterAll(async () => {
    await killAll();
    await hub?.stop();
    await wa?.close();
  });

  it(
    'sends every reply exactly once after being killed mid-send',
    { timeout: 300_000 },
    async () => {
      await run();
      const customers = Array.from({ length: CUSTOMERS }, () => newWaId());
      const cases: CaseView[] = [];
      for (const waId of customers) cases.push(await customerCase(hub, wa, waId));
      // Graph answers each send only after its status webhooks (which find nobody once it is
      // killed, and are retried); a case's replies go one after another.
      wa.setWebhookBehaviour({
        beforeResponse: true,
        delayMs: 150,
        retryDelaysMs: [500, 1_000, 2_000, 4_000, 8_000, 16_000],
      });
      const replies: MessageView[] = [];
      for (let i = 1; i <= REPLIES_EACH; i++)
        for (const c of cases)
          replies.push(
            await hub.core.cases.addMessage(c.id, { body: `Reply ${i} on case #${c.number}` }),
          );
      await waitFor(() => expect(wa.sent.length).toBeGreaterThan(0));
      await kill();
      const before = wa.sent;
      // The test means something: some replies not sent yet, some in Graph's hands unanswered.
      expect(before.length).toBeLessThan(replies.length);
      expect(before.filter((m) => m.status === 'accepted').length).toBeGreaterThan(0);

      wa.setWebhookBehaviour({ retryDelaysMs: [500, 1_000, 2_000, 4_000, 8_000, 16_000] });
      await run();
      await waitFor(async () => {
        for (const r of replies) {
          const m = (await hub.core.cases.messages(r.caseId)).items.find((x) => x.id === r.id);
          expect(['delivered', 'read'], output()).toContain(m?.deliveryStatus);
        }
      }, 180_000);
      cases.forEach((c, n) => {
        expect(wa.messagesTo(customers[n]).map((s) => s.text)).toEqual(
          Array.from({ length: REPLIES_EACH }, (_, i) => `Reply ${i + 1} on case #${c.number}`),
        );
      });
      // A send was in Graph's hands when the process died: found by its webhook, not sent again.
      expect(output()).toMatch(
        /was sent before a restart \(its status webhook came\); not sending it again/,
      );
      expect(await hub.deadLetters('whatsapp')).toEqual([]);
    },
  );
});
