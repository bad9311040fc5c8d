import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventually, NATS_URL, testStream } from './support.js';

const PLUGIN = fileURLToPath(new URL('./fixtures/crash-plugin.mjs', import.meta.url));

function startProcess(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [PLUGIN, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`plugin exited with ${code}`)));
  });
}

describe('a plugin killed mid-stream', () => {
  it('handles every event after a restart, and none twice in effect', async () => {
    const s = await testStream();
    const plugin = `k_${randomUUID().slice(0, 8)}`;
    const dir = mkdtempSync(join(tmpdir(), 'casehub-kill-'));
    const args = [NATS_URL, s.stream, s.prefix, plugin, dir];
    const ids: string[] = [];
    try {
      for (let i = 0; i < 200; i++)
        ids.push((await s.publish('case.created', `case-${i % 20}`)).id);
      const first = await startProcess(args);
      const handled = () =>
        existsSync(join(dir, 'handlings.log'))
          ? readFileSync(join(dir, 'handlings.log'), 'utf8').trim().split('\n')
          : [];
      await eventually(() => expect(handled().length).toBeGreaterThan(20));
      first.kill('SIGKILL'); // no clean-up, in-flight events unacknowledged
      await new Promise((r) => first.once('exit', r));
      expect(handled().length).toBeLessThan(200);

      const second = await startProcess(args);
      try {
        await eventually(() => {
          const effects = readdirSync(dir).filter((f) => f.startsWith('effect-'));
          expect(effects).toHaveLength(200);
        }, 60_000);
        const effects = new Set(
          readdirSync(dir)
            .filter((f) => f.startsWith('effect-'))
            .map((f) => f.slice(7)),
        );
        expect(effects).toEqual(new Set(ids)); // every event handled
        // Handled again only if the kill caught it between its effect and its acknowledgement:
        // at most the few in flight (concurrency 4), and never in effect (the effect is keyed by event id).
        const lines = handled();
        expect(new Set(lines).size).toBe(200);
        expect(lines.length - 200).toBeLessThanOrEqual(4);
      } finally {
        second.kill('SIGTERM');
        await new Promise((r) => second.once('exit', r));
      }
    } finally {
      await s.remove();
    }
  });
});
