/**
 * The built channel plugins and provider fakes, reached by path (plugins/<name>/dist,
 * packages/provider-fakes/dist): apps/bench does not depend on them, so `pnpm bench:sms` and
 * `pnpm bench:social` build them beside it (the root package.json). A missing build stops the run
 * naming the command; a build older than its sources is reported, since it would measure code
 * that is no longer there.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './run-info.js';

/** A file of a built plugin, and what it exports there. */
export interface BuiltExport {
  /** Relative to the plugin's directory, plugins/<name>/. */
  file: string;
  export: string;
}

/** The newest modification time of the files under `dir`, tests aside (0 when there is none). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (/\.(spec|test)\.ts$/.test(e.name)) continue; // tests are not built
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const checked = new Set<string>();

/** Checks once that `pkgDir` (relative to the repository) is built, and not older than src/. */
function checkBuilt(pkgDir: string, filter: string): void {
  if (checked.has(pkgDir)) return;
  checked.add(pkgDir);
  const dist = join(REPO_ROOT, pkgDir, 'dist');
  if (!existsSync(dist))
    throw new Error(
      `${pkgDir} is not built (no dist/): pnpm turbo run build --filter=${filter}... first`,
    );
  const [src, built] = [newest(join(REPO_ROOT, pkgDir, 'src')), newest(dist)];
  if (src > built)
    // Not cleanup.js's log: this file runs in child processes too, which must not take its signals.
    process.stderr.write(
      `bench: warning: ${pkgDir}/dist is older than its src/ (by ${((src - built) / 1000).toFixed(0)} s): ` +
        `pnpm turbo run build --filter=${filter}... to measure the current code\n`,
    );
}

/** A file under a package's dist/, as a URL for import(). */
export function builtUrl(pkgDir: string, file: string, filter: string): string {
  checkBuilt(pkgDir, filter);
  const path = join(REPO_ROOT, pkgDir, file);
  if (!existsSync(path))
    throw new Error(
      `${relative(REPO_ROOT, path)} is missing: pnpm turbo run build --filter=${filter}...`,
    );
  return pathToFileURL(path).href;
}

/** The package name of a directory of the repository (for the build command to suggest). */
function packageName(pkgDir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, pkgDir, 'package.json'), 'utf8')) as {
      name?: string;
    };
    return pkg.name ?? `./${pkgDir}`;
  } catch {
    throw new Error(`${pkgDir}/package.json not found: is ${pkgDir} in this repository?`);
  }
}

/** What the built plugin `name` exports (its definition, its module, its client …). */
export async function loadPluginExport<T>(name: string, what: BuiltExport): Promise<T> {
  const dir = join('plugins', name);
  const url = builtUrl(dir, what.file, packageName(dir));
  const mod = (await import(url)) as Record<string, unknown>;
  if (!(what.export in mod))
    throw new Error(`plugins/${name}/${what.file} exports no ${what.export}`);
  return mod[what.export] as T;
}

/** The provider fakes' entry point (packages/provider-fakes/dist/index.js). */
export async function loadProviderFakes<T>(): Promise<T> {
  return (await import(
    builtUrl('packages/provider-fakes', 'dist/index.js', '@casehub/provider-fakes')
  )) as T;
}

/** `<file>#<export>`: a BuiltExport in one environment variable. */
const exportRef = (b: BuiltExport) => `${b.file}#${b.export}`;

export function parseExportRef(ref: string): BuiltExport {
  const at = ref.lastIndexOf('#');
  if (at < 1) throw new Error(`expected <file>#<export>, got ${ref}`);
  return { file: ref.slice(0, at), export: ref.slice(at + 1) };
}

/** The environment plugin-host.ts runs plugin `name` with. */
export function pluginHostEnv(
  name: string,
  exports: { definition: BuiltExport; module: BuiltExport },
  logs: 'quiet' | 'default',
): Record<string, string> {
  return {
    BENCH_PLUGIN: name,
    BENCH_PLUGIN_DEFINITION: exportRef(exports.definition),
    BENCH_PLUGIN_MODULE: exportRef(exports.module),
    BENCH_PLUGIN_LOGS: logs,
  };
}
