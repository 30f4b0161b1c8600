/** Commands that live in their own modules: setup (and later demo, import, export). */
import type { Command } from 'commander';
import { registerSetupCommand } from './setup.command.js';

export function registerExtraCommands(program: Command): void {
  registerSetupCommand(program);
}
