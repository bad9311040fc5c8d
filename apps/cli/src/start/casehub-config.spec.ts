import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStartConfig, parseStartConfig, StartConfigError } from './casehub-config.js';

const problems = (json: unknown) => {
  try {
    parseStartConfig(json);
  } catch (err) {
    expect(err).toBeInstanceOf(StartConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a StartConfigError');
};

describe('casehub.config.json', () => {
  it('turns names into @casehub/plugin-<name> and applies the defaults', () => {
    expect(
      parseStartConfig({
        plugins: [
          'webhook',
          { name: 'crm', package: '@acme/casehub-crm', replicas: 2, env: { CRM_TIMEOUT: 5000 } },
        ],
      }),
    ).toEqual([
      { name: 'webhook', package: '@casehub/plugin-webhook', env: {}, replicas: 1, explicit: true },
      {
        name: 'crm',
        package: '@acme/casehub-crm',
        env: { CRM_TIMEOUT: '5000' },
        replicas: 2,
        explicit: true,
      },
    ]);
  });

  it('names every field at fault, with what it got', () => {
    const message = problems({
      plugins: [
        'Web Hook',
        { name: 'email', replicas: 0, env: { SMTP_URL: ['x'], 'SMTP-PORT': 25 }, replica: 2 },
        { package: './x.js' },
        'webhook',
        'webhook',
      ],
    });
    expect(message).toContain('plugins[0]: must be a plugin name such as webhook');
    expect(message).toContain('(got "Web Hook")');
    expect(message).toContain('plugins[1].replicas: must be a whole number from 1 to 32 (got 0)');
    expect(message).toContain('plugins[1].env.SMTP_URL: must map variable names to strings');
    expect(message).toContain('plugins[1].replica: unknown field');
    expect(message).toContain('plugins[1].env.SMTP-PORT: not a variable name');
    expect(message).toContain('plugins[2].name: must be a plugin name such as webhook');
    expect(message).toContain('(it is missing)');
    expect(message).toContain('webhook is listed twice');
    expect(problems({ plugin: ['webhook'] })).toMatch(
      /plugins: .*\(it is missing\)[\s\S]*plugin: unknown field/,
    );
    expect(problems(['webhook'])).toContain('must be an object such as {"plugins": ["webhook"]}');
  });

  it('reads ./casehub.config.json, an explicit file that must exist, or else the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casehub-config-'));
    try {
      const none = loadStartConfig(undefined, dir);
      expect(none.file).toBeNull();
      expect(none.plugins.map((p) => [p.name, p.explicit])).toEqual([
        ['email', false],
        ['survey', false],
        ['webhook', false],
      ]);
      expect(() => loadStartConfig('other.json', dir)).toThrow('other.json: no such file');
      writeFileSync(join(dir, 'casehub.config.json'), '{"plugins": ["webhook",]}');
      expect(() => loadStartConfig(undefined, dir)).toThrow(StartConfigError);
      writeFileSync(join(dir, 'other.json'), '{"plugins": []}');
      expect(loadStartConfig('other.json', dir)).toMatchObject({ baseDir: dir, plugins: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
