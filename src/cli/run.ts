import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { InputError } from '../errors.ts';

/**
 * Runs the program and maps failures to the contract's exit codes:
 * 0 success; 2 bad input or usage, one line `error: ...` on stderr; 1 internal failure.
 * Set SCOMM_DEBUG=1 to see stack traces of internal failures.
 */
export async function runCli(program: Command, argv: string[]): Promise<number> {
  // A reader that closes early (`scomm report | head`) wants no more output: stop quietly, as Unix tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  program.exitOverride();
  program.configureOutput({
    // commander's own usage errors: keep them to one line and let our handler decide the code
    writeErr: () => {},
  });
  try {
    await program.parseAsync(argv);
    // A command may finish its output and still report failure (e.g. --keep-going with bad cases).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportFailure(err);
  }
}

export function reportFailure(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    process.stderr.write(`error: ${oneLine(err.message.replace(/^error: /, ''))}\n`);
    return 2;
  }
  if (err instanceof InputError) {
    process.stderr.write(`error: ${oneLine(err.message)}\n`);
    return 2;
  }
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first && first.path.length ? first.path.join('.') + ': ' : '';
    process.stderr.write(`error: ${oneLine(where + (first?.message ?? err.message))}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: internal: ${oneLine(message)}\n`);
  if (process.env.SCOMM_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  return 1;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
