import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@casehub/domain';
import { freePort } from '@casehub/test-support';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import {
  pluginProcess,
  postForm,
  resolvedCase,
  SECRET,
  waitFor,
  type PluginProcess,
} from './support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const CASES = 30;

/** Nothing lost, nothing twice: the survey plugin is SIGKILLed while it decides and after an answer. */
describe('the survey plugin survives being killed', () => {
  let hub: TestHub;
  let plugin: PluginProcess | null = null;
  let pages: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub({ database: 'postgres' });
    const port = await freePort();
    pages = `http://127.0.0.1:${port}`;
    env = {
      SURVEY_PUBLIC_URL: pages,
      SURVEY_PORT: String(port),
      SURVEY_HOST: '127.0.0.1',
      SURVEY_SECRET: SECRET,
      SURVEY_DELAY_SECONDS: '0',
      SURVEY_THROTTLE_DAYS: '0',
    };
  });
  afterAll(async () => {
    plugin?.child.kill('SIGKILL');
    await hub?.stop();
  });

  const kill = async () => {
    plugin!.child.kill('SIGKILL');
    await plugin!.stop();
  };
  const surveysOf = async (caseId: string) => {
    const res = await fetch(`${hub.env.CASEHUB_URL}/v1/cases/${caseId}/surveys`, {
      headers: { authorization: `Bearer ${hub.env.CASEHUB_API_KEY}` },
    });
    const body = (await res.json()) as {
      items: { id: string; status: string; answer: { score: number } | null }[];
    };
    return body.items;
  };

  it('sends each resolved case one invitation across a crash, and loses no answer given', async () => {
    plugin = await pluginProcess(MAIN, 'survey', hub, env);
    const cases: CaseView[] = [];
    for (let i = 0; i < CASES; i++) {
      // Killed while it works through the first cases; the rest are resolved while it is down.
      if (i === 10) await kill();
      cases.push(await resolvedCase(hub, { email: `crash${i}.${Date.now()}@example.com` }));
    }
    const before = new Set((await hub.events('inbound.survey_decision')).map((e) => e.data.caseId))
      .size;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(CASES); // killed mid-way: the test means something

    plugin = await pluginProcess(MAIN, 'survey', hub, env);
    const decisions = await waitFor(async () => {
      const all = (await hub.events('inbound.survey_decision')).map((e) => e.data);
      expect(new Set(all.map((d) => d.caseId)).size).toBe(CASES);
      return all;
    }, 60_000);
    for (const c of cases) {
      const mine = decisions.filter((d) => d.caseId === c.id);
      expect(new Set(mine.map((d) => d.surveyId)).size, `case #${c.number}`).toBe(1);
      expect(mine[0].decision).toBe('invite');
    }
    // The core recorded one survey per case and asked for one invitation per case.
    await waitFor(async () => {
      for (const c of cases.slice(0, 10)) expect(await surveysOf(c.id)).toHaveLength(1);
    });
    const invited = (await hub.events('survey.invited')).map((e) => e.data.survey.caseId);
    expect(invited.sort()).toEqual(cases.map((c) => c.id).sort());

    // An answer the page confirmed survives the plugin's death right after.
    const link = decisions.find((d) => d.caseId === cases[0].id)!.links!.page;
    const res = await postForm(link, { score: '4', comment: 'ok' });
    expect(res.status).toBe(303);
    await kill();
    plugin = null;
    await waitFor(async () =>
      expect((await surveysOf(cases[0].id))[0]).toMatchObject({
        status: 'responded',
        answer: { score: 4 },
      }),
    );
  });
});
