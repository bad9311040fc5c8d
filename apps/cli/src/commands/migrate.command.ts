import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { coreScript } from '../core-entry.js';

/**
 * `casehub migrate [status|up]`: the database's migrations, run by the core's own code (the same
 * lock, the same order) without starting it. For DATABASE_MIGRATE=false deployments.
 */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('show the migrations of DATABASE_URL (status), or apply the pending ones (up)')
    .argument('[action]', 'status or up', 'status')
    .action((action: string) => {
      const run = spawnSync(process.execPath, [coreScript('migrate.main.js'), action], {
        stdio: 'inherit',
      });
      process.exitCode = run.status ?? 1;
    });
}
