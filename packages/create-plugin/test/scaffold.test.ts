import { mkdtemp, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scaffoldPlugin } from '../src/scaffold.js';
import { pluginNames } from '../src/plugin-name.js';

const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(join(os.tmpdir(), 'create-plugin-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('plugin names', () => {
  it('spells a name for folders, classes and variables', () => {
    expect(pluginNames('order-sync')).toEqual({
      name: 'order-sync',
      pascal: 'OrderSync',
      camel: 'orderSync',
      envPrefix: 'ORDER_SYNC',
    });
  });

  it.each(['Order', '1crm', 'a--b', 'a_b', '-x', 'x-', '', 'a'.repeat(41), 'x/../y'])(
    'refuses %j with what a name must look like',
    (bad) => expect(() => pluginNames(bad)).toThrow(/lower-case letters, digits and single dashes/),
  );
});

describe('scaffoldPlugin', () => {
  it('writes a standalone package outside the monorepo, with published versions', async () => {
    const cwd = await tmp();
    const r = await scaffoldPlugin({ name: 'order-sync', cwd, scope: 'acme' });
    expect(r.dir).toBe(join(cwd, 'order-sync'));
    expect(r.packageName).toBe('@acme/plugin-order-sync');
    expect(r.changeset).toBeNull();
    expect(r.files).toEqual([
      'README.md',
      'package.json',
      'src/main.ts',
      'src/order-sync.handlers.ts',
      'src/order-sync.module.ts',
      'src/order-sync.plugin.ts',
      'test/order-sync.test.ts',
      'tsconfig.build.json',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
    const pkg = JSON.parse(await readFile(join(r.dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@acme/plugin-order-sync');
    expect(pkg.dependencies['@casehub/plugin-sdk']).not.toMatch(/^workspace:/);
    // The testkit finds the core it starts among the plugin's own dev dependencies.
    expect(pkg.devDependencies['@casehub/core']).not.toMatch(/^workspace:/);
    expect(pkg.allowScripts).toEqual({ 'better-sqlite3': true });
    expect(
      JSON.parse(await readFile(join(r.dir, 'tsconfig.json'), 'utf8')).extends,
    ).toBeUndefined();
    const plugin = await readFile(join(r.dir, 'src/order-sync.plugin.ts'), 'utf8');
    expect(plugin).toContain("name: 'order-sync'");
    expect(plugin).toContain('export const orderSyncPlugin = definePlugin(');
    expect(plugin).toContain('ORDER_SYNC_NOTE: z');
    expect(await readFile(join(r.dir, 'README.md'), 'utf8')).toContain('npm test');
  });

  it('names a plugin outside the monorepo casehub-plugin-<name> unless given a scope', async () => {
    const r = await scaffoldPlugin({ name: 'order-sync', cwd: await tmp() });
    expect(r.packageName).toBe('casehub-plugin-order-sync');
  });

  it('goes to plugins/<name> inside the monorepo, on workspace versions, with a changeset', async () => {
    const repo = await tmp();
    await writeFile(join(repo, 'pnpm-workspace.yaml'), 'packages: [plugins/*]\n');
    await mkdir(join(repo, 'packages/plugin-sdk'), { recursive: true });
    await writeFile(
      join(repo, 'packages/plugin-sdk/package.json'),
      '{"name":"@casehub/plugin-sdk"}',
    );
    await mkdir(join(repo, '.changeset'));
    const r = await scaffoldPlugin({ name: 'hello', cwd: repo });
    expect(r.dir).toBe(join(repo, 'plugins/hello'));
    const pkg = JSON.parse(await readFile(join(r.dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@casehub/plugin-sdk']).toBe('workspace:^');
    expect(pkg.devDependencies['@casehub/core']).toBe('workspace:*');
    expect(pkg.scripts.lint).toBe('eslint src test');
    expect(await readFile(join(r.dir, 'vitest.config.ts'), 'utf8')).toContain(
      "casehubTestConfig('plugin-hello')",
    );
    expect(await readFile(r.changeset!, 'utf8')).toMatch(
      /^---\n'@casehub\/plugin-hello': minor\n---/,
    );
  });

  it('never overwrites: an existing non-empty folder is refused', async () => {
    const cwd = await tmp();
    await mkdir(join(cwd, 'taken'));
    await writeFile(join(cwd, 'taken/keep.txt'), 'mine');
    await expect(scaffoldPlugin({ name: 'taken', cwd })).rejects.toThrow(/already exists/);
    expect(await readFile(join(cwd, 'taken/keep.txt'), 'utf8')).toBe('mine');
  });
});
