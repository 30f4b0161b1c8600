/** Commands that live in their own modules: setup (and later demo, import, export). */
import type { Command } from 'commander';
import { registerDemoCommand } from './demo.command.js';
import { registerSetupCommand } from './setup.command.js';

export function registerExtraCommands(program: Command): void {
  registerSetupCommand(program);
  registerDemoCommand(program);
}
