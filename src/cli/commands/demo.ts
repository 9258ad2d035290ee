import type { Command } from 'commander';
import { emit } from '../output.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run the whole agency network in one process on the embedded default, with synthetic bookings end to end, and print a summary.')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      emit(opts, { status: 'not yet implemented' }, () => 'scomm demo: the workflow is being built; nothing runs yet.');
    });
}
