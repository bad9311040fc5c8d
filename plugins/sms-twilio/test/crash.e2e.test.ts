import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '@casehub/domain';
import { freePort } from '@casehub/test-support';
import { BuiltPluginRuns, startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { FakeTwilio } from '@casehub/provider-fakes';
import { newPhone, pluginEnv, smsCase, startFakeTwilio, waitFor } from './support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const REPLIES = 12;

/** Nothing lost, nothing twice: the built plugin is SIGKILLed while Twilio is answering its sends. */
describe('sms-twilio survives a crash mid-send', () => {
  let hub: TestHub;
  let twilio: FakeTwilio;
  let port: number;
  const runs = new BuiltPluginRuns(
    () => hub,
    () => ({ main: MAIN, name: 'sms-twilio', env: pluginEnv(twilio, port), upWithinMs: 30_000 }),
  );
  const { run, kill, output, killAll } = runs;

  beforeAll(async () => {
    [hub, twilio, port] = await Promise.all([startTestHub(), startFakeTwilio(), freePort()]);
  });
  afterAll(async () => {
    await killAll();
    await hub?.stop();
    await twilio?.close();
  });

  it(
    'texts every reply exactly once after being killed mid-send',
    { timeout: 150_000 },
    async () => {
      await run();
      // Twilio answers each send only after its callbacks (which find nobody once it is killed).
      twilio.setCallbackBehaviour({ beforeResponse: true, delayMs: 150 });
      const phones = Array.from({ length: REPLIES }, () => newPhone());
      const replies: MessageView[] = [];
      const reply = async (phone: string) => {
        const c = await smsCase(hub, phone);
        replies.push(await hub.core.cases.addMessage(c.id, { body: `Reply to ${phone}` }));
      };
      // Half the replies before the kill (it lands while the first send is in Twilio's hands),
      // half while the plugin is down: the next run finds both kinds.
      for (const phone of phones.slice(0, REPLIES / 2)) await reply(phone);
      await waitFor(() => expect(twilio.sent.length).toBeGreaterThan(0));
      await kill();
      for (const phone of phones.slice(REPLIES / 2)) await reply(phone);
      expect(twilio.sent.length).toBeLessThanOrEqual(REPLIES / 2);

      twilio.setCallbackBehaviour({});
      await run();
      await waitFor(async () => {
        for (const r of replies) {
          const m = (await hub.core.cases.messages(r.caseId)).items.find((x) => x.id === r.id);
          expect(['sent', 'delivered'], output()).toContain(m?.deliveryStatus);
        }
      }, 90_000);
      for (const phone of phones) {
        expect(twilio.messagesTo(phone).map((s) => s.body)).toEqual([`Reply to ${phone}`]);
      }
      // At least one send was in Twilio's hands when the process died: found again, not re-sent.
      expect(output()).toMatch(/were sent before a restart; not sending them again/);
      expect(await hub.deadLetters('sms-twilio')).toEqual([]);
    },
  );
});
