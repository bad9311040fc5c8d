import type { Command } from 'commander';
import { fail } from '../output.js';
import { replay } from '../replay.js';
import { settings } from '../settings.js';

/** `casehub replay --plugin P --since T`: past events again, to one plugin. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      're-deliver past events to one plugin (e.g. a new CRM connector back-filling history)',
    )
    .requiredOption('--plugin <name>', 'the plugin')
    .requiredOption(
      '--since <time>',
      'ISO 8601 date or time, e.g. 2026-11-01 or 2026-11-24T09:00:00Z',
    )
    .option(
      '--forget',
      'also clear what the plugin remembers handling, so it handles those events again',
    )
    .action(async (o: { plugin: string; since: string; forget?: boolean }) => {
      const since = new Date(o.since);
      if (Number.isNaN(since.getTime())) fail(`--since: "${o.since}" is not a date or time`);
      const pending = await replay(settings(), o.plugin, since, o.forget === true).catch(
        (e: Error) => fail(e.message),
      );
      console.log(
        `plugin ${o.plugin} will receive ${pending} event(s) since ${since.toISOString()}`,
      );
    });
}
