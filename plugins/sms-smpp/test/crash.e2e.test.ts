import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm, type KV } from '@nats-io/kv';
import type { MessageView } from '@casehub/domain';
import { startTestHub, type TestHub } from '@casehub/plugin-testkit';
import type { OutboundJob } from '../src/state/smpp-state.js';
import { startNodeSmsc } from './smsc/node-smsc.js';
import { startPerlSmsc } from './smsc/perl-smsc.js';
import type { SubmitSeen, TestSmsc } from './smsc/test-smsc.js';
import { newPhone, pluginEnv, replyReaches, smsCase, waitFor } from './support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const WINDOW = 4;
/**
 * Submits the SMSC answers before it holds back the rest: replies 0 (1 part), 1 (2 parts) and
 * the first 2 parts of reply 2 (3 parts), whose last part is held with the next WINDOW - 1.
 */
const ANSWERED_FIRST = 5;
const CUSTOMERS = 4;
const REPLIES = 20;
const FAILOVER_SECONDS = 2;

/**
 * Reply `i`'s text: 1, 2 or 3 GSM-7 parts (100, 250 or 400 characters) made of sentences that
 * name the reply, so every part, whichever its place, says which reply it belongs to.
 */
function replyText(i: number): string {
  const length = [100, 250, 400][i % 3];
  let text = '';
  for (let k = 1; text.length < length; k++) text += `Reply ${i} line ${k}. `;
  return `${text.slice(0, length - 1).trimEnd()}.`;
}

/** Which reply a part belongs to, read from its own text as the SMSC decoded it. */
function replyOf(s: SubmitSeen): number {
  const m = /Reply (\d+) line/.exec(s.text);
  if (!m) throw new Error(`a part the test did not send: ${JSON.stringify(s)}`);
  return Number(m[1]);
}

const partKey = (s: SubmitSeen) => `${replyOf(s)}:${s.udh?.seq ?? 1}`;

interface Proc {
  child: ChildProcess;
  output: string;
  spawnedAt: number;
}

/**
 * Nothing lost, nothing twice but what the README allows: the built plugin, a process of its
 * own, is SIGKILLed while its window is full of submits the SMSC has not answered, and started
 * again. Every part the SMSC answered before the kill is never submitted again; the parts it
 * held are, by the new holder, which took the dead one's lease after SMPP_FAILOVER_SECONDS.
 */
describe.each([
  ['the smpp library server', startNodeSmsc],
  ['Net::SMPP (Perl)', startPerlSmsc],
])('sms-smpp survives a crash mid-window against %s', (_name, startSmsc) => {
  let hub: TestHub;
  let smsc: TestSmsc;
  let kv: KV | null = null;
  const procs: Proc[] = [];

  const run = async (): Promise<Proc> => {
    const child = spawn(process.execPath, ['--enable-source-maps', MAIN], {
      env: {
        ...process.env,
        ...hub.env,
        ...pluginEnv(smsc, {
          SMPP_WINDOW: String(WINDOW),
          SMPP_FAILOVER_SECONDS: String(FAILOVER_SECONDS),
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc: Proc = { child, output: '', spawnedAt: performance.now() };
    const take = (b: Buffer) => (proc.output = (proc.output + b.toString()).slice(-200_000));
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    procs.push(proc);
    // Registered with the hub (as the Twilio crash test waits for it).
    await waitFor(async () => {
      if (child.exitCode !== null)
        throw new Error(`the plugin exited with ${child.exitCode}:\n${proc.output}`);
      const res = await fetch(`${hub.env.CASEHUB_URL}/v1/plugins`, {
        headers: { authorization: `Bearer ${hub.env.CASEHUB_API_KEY}` },
      });
      const body = (await res.json()) as { items?: { name: string; status: string }[] };
      expect(body.items?.find((p) => p.name === 'sms-smpp')?.status, proc.output).toBe('up');
    }, 30_000);
    return proc;
  };
  const kill = async (proc: Proc) => {
    const exited = new Promise((resolve) => proc.child.once('exit', resolve));
    proc.child.kill('SIGKILL');
    await exited;
  };
  const logs = () => procs.map((p, i) => `--- process ${i + 1} ---\n${p.output}`).join('\n');

  const bucket = async () =>
    (kv ??= await new Kvm(hub.nc).open(`casehub_smpp_${hub.env.NATS_STREAM}`));
  /** The texts' records in the plugin's bucket, as the plugin wrote them. */
  const jobs = async (replies: MessageView[]) => {
    const kv = await bucket();
    const out: (OutboundJob | null)[] = [];
    for (const r of replies) {
      const e = await kv.get(`out.${r.id}`);
      out.push(e?.operation === 'PUT' ? e.json<OutboundJob>() : null);
    }
    return out;
  };

  beforeAll(async () => {
    [hub, smsc] = await Promise.all([startTestHub(), startSmsc()]);
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await hub?.stop();
    await smsc?.stop();
  });

  it(
    'sends every reply, again only the parts unanswered at the kill, after a SIGKILL with a full window',
    { timeout: 150_000 },
    async () => {
      const first = await run();
      await waitFor(() => expect(smsc.bound, first.output).toBe(1), 30_000);
      const firstConn = 1; // the first connection the SMSC accepted
      await smsc.holdAfter(ANSWERED_FIRST);
      await smsc.enquireLink(); // a marker that the SMSC (Perl's too) took the order in

      const phones = Array.from({ length: CUSTOMERS }, () => newPhone());
      const replies: MessageView[] = [];
      const cases = await Promise.all(phones.map((p) => smsCase(hub, p, 'Crash while sending')));
      for (let i = 0; i < REPLIES; i++) {
        const reply = await hub.core.cases.addMessage(cases[i % CUSTOMERS].id, {
          body: replyText(i),
        });
        replies.push(reply);
        // The first three are queued one after the other, so the parts answered before the
        // kill are known: their queue order is the order the agent wrote them.
        if (i < 3)
          await waitFor(async () => {
            const todo = await (await bucket()).get(`todo.${reply.id}`);
            const gone = smsc.submits.some((s) => replyOf(s) === i); // queued, sent, done
            expect(todo?.operation === 'PUT' || gone).toBe(true);
          });
      }
      const phoneOf = (i: number) => phones[i % CUSTOMERS].replace(/^\+/, '');

      // Markers before the kill: every reply queued in the bucket; the SMSC answered the first
      // ANSWERED_FIRST parts and holds the next WINDOW (the window is full: the plugin can send
      // no more); and the plugin wrote down the SMSC id of every part answered.
      await waitFor(async () => {
        expect((await jobs(replies)).every((j) => j !== null)).toBe(true);
      });
      await waitFor(() => expect(smsc.submits.length).toBe(ANSWERED_FIRST + WINDOW));
      await waitFor(async () => {
        const recorded = new Set(
          (await jobs(replies)).flatMap((j) => j!.parts.map((p) => p.smscId)),
        );
        const answered = smsc.submits.slice(0, ANSWERED_FIRST);
        expect(answered.every((s) => s.status === 0 && recorded.has(s.id))).toBe(true);
      });
      // A marker that the plugin read all the SMSC sent, and still sent nothing more.
      await smsc.enquireLink();
      expect(smsc.submits.length).toBe(ANSWERED_FIRST + WINDOW);

      await kill(first);
      // The SMSC saw the connection close: a held submit on it can never be answered now.
      await waitFor(() => expect(smsc.bound).toBe(0));
      const atKill = smsc.submits.length;
      const answeredAtKill = smsc.submits.map((s) => s.status === 0);
      expect(atKill).toBe(ANSWERED_FIRST + WINDOW);
      expect(answeredAtKill.filter(Boolean)).toHaveLength(ANSWERED_FIRST);
      // Replies 0 and 1 were answered whole, reply 2 only in part: its part 3 is held.
      expect(smsc.submits.map(partKey).slice(0, ANSWERED_FIRST + 1)).toEqual([
        '0:1',
        '1:1',
        '1:2',
        '2:1',
        '2:2',
        '2:3',
      ]);
      const totalParts = replies.reduce((n, _r, i) => n + Math.ceil(replyText(i).length / 153), 0);
      expect(atKill).toBeLessThan(totalParts); // killed mid-way: the test means something
      expect(smsc.submits.every((s) => s.conn === firstConn)).toBe(true);

      const second = await run();
      await waitFor(() => expect(smsc.bound, second.output).toBe(1), 30_000);
      const boundAfter = performance.now() - second.spawnedAt;
      // The dead holder's lease was taken over only once it had not moved for the fail-over
      // time, by one bind of the new process (a refused bind would be listed too).
      expect(boundAfter).toBeGreaterThanOrEqual(FAILOVER_SECONDS * 1000);
      expect(smsc.binds).toHaveLength(2);
      expect(smsc.binds[1]).toEqual({
        systemId: 'casehub',
        password: 'secret',
        systemType: 'casehub',
      });
      // The new holder fills its window with parts still held back by the SMSC; then it answers.
      await waitFor(() => expect(smsc.submits.length).toBe(atKill + WINDOW));
      const secondConn = smsc.submits[atKill].conn;
      expect(secondConn).toBeGreaterThan(firstConn);
      await smsc.release();

      for (const r of replies) await replyReaches(hub, r, 'sent');
      const seen = smsc.submits;
      expect(seen.slice(atKill).every((s) => s.conn === secondConn)).toBe(true);

      // 1. Every reply reached the SMSC whole: each part answered with an id exactly once, the
      //    parts of one text under one reference, reassembled into the reply's text.
      const byPart = new Map<string, { index: number; s: SubmitSeen }[]>();
      for (const [index, s] of seen.entries()) {
        expect(s.dest).toBe(phoneOf(replyOf(s)));
        byPart.set(partKey(s), [...(byPart.get(partKey(s)) ?? []), { index, s }]);
      }
      for (const [i, reply] of replies.entries()) {
        const text = replyText(i);
        const total = Math.ceil(text.length / 153);
        const copies = Array.from({ length: total }, (_, p) => byPart.get(`${i}:${p + 1}`) ?? []);
        const accepted = copies.map((c) => c.filter(({ s }) => s.status === 0));
        expect(
          accepted.map((a) => a.length),
          `reply ${i}`,
        ).toEqual(Array(total).fill(1));
        expect(accepted.map(([{ s }]) => s.text).join(''), `reply ${i}`).toBe(text);
        for (const [p, c] of copies.entries())
          expect(c.map(({ s }) => s.text)).toEqual(c.map(() => accepted[p][0].s.text));
        const all = copies.flat().map(({ s }) => s);
        if (total > 1) {
          expect(new Set(all.map((s) => s.udh?.ref)).size, `reply ${i}`).toBe(1);
          expect(all.every((s) => s.udh?.total === total && s.esmClass === 0x40)).toBe(true);
        } else expect(all.every((s) => s.udh === null)).toBe(true);
        const sent = (await hub.core.cases.messages(reply.caseId)).items.find(
          (m) => m.id === reply.id,
        );
        expect(sent?.providerMessageId).toBe(accepted[0][0].s.id);
      }

      // 2. Received twice: exactly the parts submitted but unanswered at the kill, each once
      //    more, on the new connection. Nothing answered before the kill went again.
      const twice = [...byPart.entries()].filter(([, c]) => c.length > 1);
      const heldAtKill = seen.slice(0, atKill).filter((_s, i) => !answeredAtKill[i]);
      expect(heldAtKill).toHaveLength(WINDOW);
      expect(twice.map(([k]) => k).sort()).toEqual(heldAtKill.map(partKey).sort());
      for (const [key, c] of twice) {
        expect(c, key).toHaveLength(2);
        expect(c[0].index, key).toBeLessThan(atKill);
        expect(answeredAtKill[c[0].index], key).toBe(false);
        expect(c[1].s.conn, key).toBe(secondConn);
      }
      for (const [i, s] of seen.slice(0, atKill).entries())
        if (answeredAtKill[i]) expect(byPart.get(partKey(s)), partKey(s)).toHaveLength(1);
      expect(twice.length).toBeLessThanOrEqual(WINDOW);
      // A customer's texts reached the SMSC in the order the agent wrote them, across the crash.
      for (let c = 0; c < CUSTOMERS; c++) {
        const theirs = seen.filter((s) => replyOf(s) % CUSTOMERS === c).map(replyOf);
        const firstSeen = theirs.filter((r, k) => theirs.indexOf(r) === k);
        expect(firstSeen, `customer ${c}`).toEqual([...firstSeen].sort((a, b) => a - b));
        const acceptedOrder = seen
          .filter((s) => s.status === 0 && replyOf(s) % CUSTOMERS === c)
          .map(replyOf);
        expect(acceptedOrder, `customer ${c}`).toEqual([...acceptedOrder].sort((a, b) => a - b));
      }
      // The new holder said so.
      expect(second.output, logs()).toMatch(
        /were submitted before without an answer on record; submitting again/,
      );

      // 3. One bind per process; the second bound once, after taking the lease over.
      expect(first.output.match(/bound to smpp:\/\//g), logs()).toHaveLength(1);
      expect(second.output.match(/holding the bind lease/g), logs()).toHaveLength(1);
      expect(second.output.match(/bound to smpp:\/\//g), logs()).toHaveLength(1);
      expect(second.output, logs()).not.toMatch(/cannot bind/);

      // The receipts of parts answered before the kill find their texts in the new process
      // (their ids were written down by the first one).
      for (const s of seen) if (s.status === 0) expect(await smsc.receipt(s, 'DELIVRD')).toBe(0);
      for (const r of replies) await replyReaches(hub, r, 'delivered');
      expect(await hub.deadLetters('sms-smpp')).toEqual([]);
    },
  );
});
