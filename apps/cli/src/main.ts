#!/usr/bin/env node
import { Command } from 'commander';
import { registerStart } from './start/start.command.js';
import { CliError } from './output.js';
import { registerKeys } from './commands/keys.command.js';
import { registerAgents } from './commands/agents.command.js';
import { registerInit } from './commands/init.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerEvents } from './commands/events.command.js';
import { registerPlugins } from './commands/plugins.command.js';
import { registerDoctor } from './commands/doctor.command.js';
import { registerDlq } from './commands/dlq.command.js';
import { registerReplay } from './commands/replay.command.js';

const program = new Command('casehub').description('Run and operate a CaseHub hub.');

registerStart(program);
registerInit(program);
registerAgents(program);
registerKeys(program);
registerMigrate(program);
registerEvents(program);
registerPlugins(program);
registerDoctor(program);
registerDlq(program);
registerReplay(program);

try {
  await program.parseAsync();
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(`casehub: ${err.message}`);
  process.exit(1);
}
