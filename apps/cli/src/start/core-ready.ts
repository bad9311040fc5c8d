import type { Child } from './child.js';

/** Where the local core answers, from the same PORT and HOST it reads. */
export function coreUrl(env: NodeJS.ProcessEnv): string {
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || 3000}`;
}

/**
 * Waits until the core's /health/ready answers 200 (database up, NATS connected, stream in place):
 * plugins can do nothing before that. A core that serves but stays unready (usually: no NATS) is
 * reported once, and waited for. Resolves false if the core exits first.
 */
export async function waitForCore(
  url: string,
  core: Child,
  say: (message: string) => void,
  patienceMs = 15_000,
): Promise<boolean> {
  const since = Date.now();
  let said = false;
  while (core.running) {
    const ready = await probe(`${url}/health/ready`);
    if (ready.ok) return true;
    if (!said && ready.answered && Date.now() - since > patienceMs) {
      said = true;
      say(`the core answers but is not ready (${ready.detail}); the plugins start once it is`);
    }
    // Quick at first; then slower, as every probe is a line in the core's request log.
    const waited = Date.now() - since;
    const every = waited < 5_000 ? 250 : waited < patienceMs ? 1_000 : 5_000;
    await Promise.race([new Promise((r) => setTimeout(r, every)), core.exited]);
  }
  return false;
}

async function probe(url: string): Promise<{ ok: boolean; answered: boolean; detail: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    // @nestjs/terminus: {"status":"error","error":{"nats":{"status":"down","message":"..."}}}
    const body = (await res.json().catch(() => ({}))) as {
      error?: Record<string, { status?: string; message?: string }>;
    };
    const detail = Object.entries(body.error ?? {})
      .map(([name, v]) => `${name}: ${v.message ?? v.status ?? 'down'}`)
      .join('; ');
    return { ok: res.ok, answered: true, detail: detail || `status ${res.status}` };
  } catch (err) {
    return { ok: false, answered: false, detail: (err as Error).message };
  }
}
