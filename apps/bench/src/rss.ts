/** Resident memory of a process over a run, sampled from /proc (Linux), tagged by phase. */
import { readFile } from 'node:fs/promises';

async function rssMb(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : null;
}

export class RssSampler {
  readonly samples: { phase: string; mb: number }[] = [];
  phase = 'idle';
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    const tick = async () => {
      const mb = await rssMb(this.pid);
      if (mb !== null) this.samples.push({ phase: this.phase, mb });
    };
    void tick();
    this.timer = setInterval(() => void tick(), this.everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The most and the last of the samples in these phases (all phases when none are named). */
  stats(...phases: string[]): { maxMb: number; lastMb: number } {
    const s = phases.length ? this.samples.filter((x) => phases.includes(x.phase)) : this.samples;
    return { maxMb: Math.max(0, ...s.map((x) => x.mb)), lastMb: s.at(-1)?.mb ?? 0 };
  }
}
