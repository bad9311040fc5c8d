import type { Command } from 'commander';
import { withDeadLetters } from '../dead-letters.js';
import { table } from '../output.js';
import { settings } from '../settings.js';

/** `casehub dlq list|replay`: the events plugins gave up on. */
export function registerDlq(program: Command): void {
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
}
