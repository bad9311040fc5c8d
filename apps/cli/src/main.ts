#!/usr/bin/env node
import { Command } from 'commander';
import { settings } from './settings.js';
import { withDeadLetters } from './dead-letters.js';
import { replay } from './replay.js';
import { registerStart } from './start/start.command.js';
import { CliError, fail, table } from './output.js';
import { registerKeys } from './commands/keys.command.js';
import { registerAgents } from './commands/agents.command.js';
import { registerInit } from './commands/init.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerEvents } from './commands/events.command.js';
import { registerPlugins } from './commands/plugins.command.js';
import { registerDoctor } from './commands/doctor.command.js';

const program = new Command('casehub').description('Run and operate a CaseHub hub.');

registerStart(program);
registerInit(program);
registerAgents(program);
registerKeys(program);
registerMigrate(program);
registerEvents(program);
registerPlugins(program);
registerDoctor(program);

const dlq = program.command('dlq').description('events plugins gave up on');

dlq
  .command('list')
  .description('show dead letters: plugin, event, attempts and the last error')
  .option('--plugin <name>', 'only this plugin')
  .action(async (o: { plugin?: string }) => {
    await withDeadLetters(settings(), async (d) => {
      const letters = await d.list(o.plugin);
      table(
        letters.map((l) => ({
          seq: l.seq,
          plugin: l.plugin,
          event: l.subject.split('.').slice(-2).join('.'),
          id: l.eventId,
          attempts: l.attempts,
          error: l.error,
        })),
      );
    });
  });

dlq
  .command('replay')
  .description('send dead letters back to their plugin (after fixing what made them fail)')
  .option('--plugin <name>', 'only this plugin')
  .option('--seq <n...>', 'only these dead letters (see dlq list)')
  .action(async (o: { plugin?: string; seq?: string[] }) => {
    await withDeadLetters(settings(), async (d) => {
      const wanted = o.seq ? new Set(o.seq.map(Number)) : null;
      const letters = (await d.list(o.plugin)).filter((l) => !wanted || wanted.has(l.seq));
      console.log(`replayed ${await d.replay(letters)} dead letter(s)`);
    });
  });

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
    const pending = await replay(settings(), o.plugin, since, o.forget === true).catch((e: Error) =>
      fail(e.message),
    );
    console.log(`plugin ${o.plugin} will receive ${pending} event(s) since ${since.toISOString()}`);
  });

try {
  await program.parseAsync();
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(`casehub: ${err.message}`);
  process.exit(1);
}
