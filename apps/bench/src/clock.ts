/**
 * Wall-clock milliseconds with sub-millisecond precision. Every process of the benchmark runs on
 * one machine, so their readings compare; the orchestrator still measures each child's offset.
 */
export const wallMs = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
