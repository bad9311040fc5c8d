import { describe, expect, it } from 'vitest';
import { exitStatus, labelLine } from './child.js';

describe("a child's output", () => {
  it('stays JSON where it was JSON, and is prefixed otherwise', () => {
    const line = labelLine('{"level":30,"msg":"connected to NATS"}', 'webhook#2');
    expect(JSON.parse(line)).toEqual({ process: 'webhook#2', level: 30, msg: 'connected to NATS' });
    expect(labelLine('casehub: core listening on http://localhost:3000', 'core')).toBe(
      '[core] casehub: core listening on http://localhost:3000',
    );
    expect(labelLine('{ not json', 'core')).toBe('[core] { not json');
  });

  it('reports an exit as a shell would', () => {
    expect(exitStatus({ code: 78, signal: null })).toBe(78);
    expect(exitStatus({ code: null, signal: 'SIGKILL' })).toBe(137);
  });
});
