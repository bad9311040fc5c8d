import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { pluginNames } from './plugin-name.js';
import { findCaseHubWorkspace } from './workspace.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = join(PACKAGE_DIR, 'templates');

export interface ScaffoldOptions {
  /** The plugin's name, e.g. `order-sync`. */
  name: string;
  /** Where the package goes. Default: `plugins/<name>` in the CaseHub monorepo, else `./<name>`. */
  dir?: string;
  /** npm scope. Default: `@casehub` inside the monorepo; outside, none (`casehub-plugin-<name>`). */
  scope?: string;
  description?: string;
  /** Working directory (tests). */
  cwd?: string;
}

export interface ScaffoldResult {
  dir: string;
  packageName: string;
  files: string[];
  changeset: string | null;
}

/** Writes a working plugin package from the templates; never overwrites anything. */
export async function scaffoldPlugin(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const names = pluginNames(options.name);
  const cwd = options.cwd ?? process.cwd();
  const workspace = findCaseHubWorkspace(cwd);
  const dir = resolve(
    cwd,
    options.dir ?? (workspace ? join(workspace, 'plugins', names.name) : names.name),
  );
  if (existsSync(dir) && (await readdir(dir)).length) {
    throw new Error(`${relative(cwd, dir) || dir} already exists and is not empty`);
  }
  const inWorkspace = workspace !== null && resolve(dir, '..', '..') === workspace;
  const packageName = packageNameOf(names.name, options.scope, inWorkspace);
  const view = {
    ...names,
    packageName,
    description: options.description ?? `A CaseHub plugin: ${names.name.replace(/-/g, ' ')}.`,
    inWorkspace,
    versions: casehubVersions(inWorkspace),
  };

  const files: string[] = [];
  for (const template of await listTemplates(TEMPLATES)) {
    const target = join(dir, template.replace(/\.hbs$/, '').replace(/__name__/g, names.name));
    const render = Handlebars.compile(await readFile(join(TEMPLATES, template), 'utf8'), {
      noEscape: true, // source code and JSON, not HTML; values are validated names
      strict: true,
    });
    await mkdir(resolve(target, '..'), { recursive: true });
    await writeFile(target, render(view), { flag: 'wx' });
    files.push(relative(dir, target));
  }

  let changeset: string | null = null;
  if (workspace && existsSync(join(workspace, '.changeset'))) {
    changeset = join(workspace, '.changeset', `new-plugin-${names.name}.md`);
    await writeFile(
      changeset,
      `---\n'${packageName}': minor\n---\n\nNew plugin ${names.name}: ${view.description}\n`,
      { flag: 'wx' },
    );
  }
  return { dir, packageName, files: files.sort(), changeset };
}

/** `@casehub/plugin-x` in the monorepo, `@scope/plugin-x` if asked, else `casehub-plugin-x`. */
function packageNameOf(name: string, wanted: string | undefined, inWorkspace: boolean): string {
  if (!wanted && !inWorkspace) return `casehub-plugin-${name}`;
  const scope = (wanted ?? '@casehub').replace(/^@?/, '@');
  if (!/^@[a-z0-9][a-z0-9._-]*$/.test(scope)) throw new Error(`"${scope}" is not an npm scope`);
  return `${scope}/plugin-${name}`;
}

async function listTemplates(root: string, sub = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(root, sub), { withFileTypes: true })) {
    const path = join(sub, e.name);
    if (e.isDirectory()) out.push(...(await listTemplates(root, path)));
    else out.push(path);
  }
  return out;
}

/**
 * Versions of our packages the new plugin depends on: the workspace's own inside the monorepo,
 * else the ranges this scaffolder was published with (pnpm turns `workspace:^` into `^x.y.z`).
 */
function casehubVersions(inWorkspace: boolean): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const range = (name: string) => {
    if (inWorkspace) return name === '@casehub/core' ? 'workspace:*' : 'workspace:^';
    const r = pkg.devDependencies[name] ?? 'latest';
    return r.startsWith('workspace:') ? 'latest' : r;
  };
  return {
    domain: range('@casehub/domain'),
    sdk: range('@casehub/plugin-sdk'),
    testkit: range('@casehub/plugin-testkit'),
    core: range('@casehub/core'),
  };
}
