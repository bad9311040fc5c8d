#!/usr/bin/env node
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { scaffoldPlugin } from './scaffold.js';

const USAGE = `Usage: npm create @casehub/plugin <name> [--dir <path>] [--scope <@scope>] [--description <text>]
       (pnpm create-plugin <name> inside the CaseHub repository)

Writes a working CaseHub plugin package: manifest and settings, one event handler,
a test against a real core (plugin-testkit), a README and a changeset.`;

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      scope: { type: 'string' },
      description: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 64);
  }
  // `pnpm create-plugin` runs in the repository root; INIT_CWD is where it was typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const r = await scaffoldPlugin({ name: positionals[0], ...values, cwd });
  const where = relative(cwd, r.dir) || '.';
  console.log(`Created ${r.packageName} in ${where}:`);
  for (const f of r.files) console.log(`  ${f}`);
  if (r.changeset) console.log(`  ${relative(cwd, r.changeset)}`);
  console.log(
    r.changeset
      ? `\nNext:\n  pnpm install\n  pnpm --filter ${r.packageName} test\n  open ${where}/README.md`
      : `\nNext:\n  cd ${where}\n  npm install\n  npm test\n  open README.md`,
  );
} catch (err) {
  console.error(`create-plugin: ${(err as Error).message}`);
  process.exit(1);
}
