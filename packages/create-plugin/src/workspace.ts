import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The CaseHub monorepo around `dir`, if `dir` is inside one (it has packages/plugin-sdk). */
export function findCaseHubWorkspace(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const sdk = join(d, 'packages/plugin-sdk/package.json');
    if (existsSync(join(d, 'pnpm-workspace.yaml')) && existsSync(sdk)) {
      const pkg = JSON.parse(readFileSync(sdk, 'utf8')) as { name?: string };
      if (pkg.name === '@casehub/plugin-sdk') return d;
    }
    if (dirname(d) === d) return null;
  }
}
