import { afterEach, describe, expect, it, vi } from 'vitest';
import { pluginLogger } from './plugin-logger.js';

describe('pluginLogger', () => {
  afterEach(() => vi.restoreAllMocks());
  const written = () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    return lines;
  };

  it('writes JSON lines, like the core, when its output is not a terminal', () => {
    const lines = written();
    pluginLogger({}, false).log('consuming CASEHUB as email', 'JetStream:email');
    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'log',
      message: 'consuming CASEHUB as email',
      context: 'JetStream:email',
    });
  });

  it('writes for a person in a terminal, or with LOG_FORMAT=pretty; JSON with LOG_FORMAT=json', () => {
    const lines = written();
    pluginLogger({ LOG_FORMAT: 'pretty' }, false).log('hello', 'ctx');
    pluginLogger({}, true).log('hello', 'ctx');
    expect(lines.join('')).not.toContain('{"');
    lines.length = 0;
    pluginLogger({ LOG_FORMAT: 'json' }, true).log('hello', 'ctx');
    expect(JSON.parse(lines.join(''))).toMatchObject({ message: 'hello' });
  });
});
