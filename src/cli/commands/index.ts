/** Commands that live in their own modules: setup, demo, import, export, views, build. */
import type { Command } from 'commander';
import { registerDemoCommand } from './demo.command.js';
import { registerSetupCommand } from './setup.command.js';
import { registerImportCommand } from './import.command.js';
import { registerExportCommand } from './export.command.js';
import { registerSpamCommand } from './spam.command.js';
import { registerViewsCommand } from './views.command.js';
import { registerBuildCommand } from './build.command.js';

export function registerExtraCommands(program: Command): void {
  registerSetupCommand(program);
  registerDemoCommand(program);
  registerImportCommand(program);
  registerExportCommand(program);
  registerSpamCommand(program);
  registerViewsCommand(program);
  registerBuildCommand(program);
}
