/** Commands that live in their own modules: demo, import, export. */
import type { Command } from 'commander';
import { registerDemoCommand } from './demo.command.js';

export function registerExtraCommands(program: Command): void {
  void program;
  registerDemoCommand(program);
}
