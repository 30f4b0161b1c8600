/** Commands that live in their own modules: demo, import, export. */
import type { Command } from 'commander';

export function registerExtraCommands(program: Command): void {
  void program;
}
