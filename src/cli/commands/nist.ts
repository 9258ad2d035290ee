import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { describeTransaction } from '../../nist/describe.ts';
import { parseTransaction } from '../../nist/index.ts';
import { emit } from '../output.ts';

/** Reads a file for a command, turning a missing or unreadable file into a one-line input error. */
export function readInputFile(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function registerNist(program: Command): void {
  const nist = program.command('nist').description('ANSI/NIST-ITL 1-2011 transactions (traditional encoding): the format agencies exchange prints in.');
  nist
    .command('dump')
    .argument('<file>', 'an ANSI/NIST-ITL transaction (.an2, .nst, .eft)')
    .description(
      'Parse a transaction and list its records: type, IDC, fields, and for image records the width, height, ' +
        'resolution and compression (images are not decoded). LEN and CNT are checked against the file; any ' +
        'inconsistency is an error naming record, field and byte offset.',
    )
    .option('--json', 'machine-readable output: {records: [{type, idc, fields, image?}]}')
    .action((file: string, opts: { json?: boolean }) => {
      const t = parseTransaction(readInputFile(file), { file });
      const records = describeTransaction(t);
      emit(opts, { file, records }, () =>
        records
          .map((r, i) => {
            const head = `record ${i}: Type-${r.type} IDC ${r.idc}` + (r.image ? ` image ${r.image.width}x${r.image.height} ${r.image.ppi} ppi ${r.image.compression} (${r.image.bytes} bytes)` : '');
            const lines = Object.entries(r.fields).map(([tag, v]) => `  ${tag.padEnd(8)} ${typeof v === 'string' ? v : v.map((s) => s.join(' | ')).join(' ; ')}`);
            return [head, ...lines].join('\n');
          })
          .join('\n'),
      );
    });
}
