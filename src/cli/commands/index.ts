/** Commands that live in their own modules: demo, import, export. */
import type { Command } from 'commander';
import { registerDemoCommand } from './demo.command.js';
import { registerImportCommand } from './import.command.js';
import { registerExportCommand } from './export.command.js';

export function registerExtraCommands(program: Command): void {
  registerDemoCommand(program);
  registerImportCommand(program);
  registerExportCommand(program);
}
