import { spawn } from 'node:child_process';

export type SettingsCheck = { ok: true } | { ok: false; problem: string };

/**
 * Runs a plugin with CASEHUB_PLUGIN_CHECK=1: it checks its settings and exits (0 when they are
 * valid, 78 naming what is wrong) without connecting anywhere. `casehub start` checks every
 * plugin this way before it starts any, so a plugin it cannot run is reported once, in one line.
 */
export function checkPluginSettings(
  entry: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<SettingsCheck> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], {
      env: { ...env, CASEHUB_PLUGIN_CHECK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (err) => resolve({ ok: false, problem: err.message }));
    child.once('close', (status) =>
      resolve(
        status === 0 ? { ok: true } : { ok: false, problem: settingsProblem(output, status) },
      ),
    );
  });
}

/** A plugin's "Invalid … configuration:" and its indented lines as one: "A is not set; B …". */
export function settingsProblem(output: string, status: number | null): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const named = lines
    .filter((l) => /^[A-Z][A-Z0-9_]*\b.*:/.test(l))
    .map((l) => l.replace(/:\s*/, ' '));
  if (named.length) return named.join('; ');
  return (lines.pop() ?? `exit status ${status}`).replace(/^casehub: /, '');
}
