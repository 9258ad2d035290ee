import path from 'node:path';
import type { Command } from 'commander';
import { buildCar, decodeRecordImage, parseTransaction, readCar } from '../../nist/index.ts';
import { emit, note, table } from '../output.ts';
import { readInputFile } from './nist.ts';

const CARD = path.resolve(import.meta.dirname, '../../../../shared/data/ansi-nist/type-4-tpcard.an2');

/**
 * Interim demo, until the agency workflow lands: what exists end to end today is the exchange
 * format. It decodes the NIST reference tenprint card, re-encodes its ten rolled prints into a CAR
 * submission for an obviously synthetic person, and reads that CAR back.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'INTERIM (the agency network is not built yet): decode the NIST reference tenprint card (WSQ), build a ' +
        'Criminal Answer Required submission from its ten rolled prints for a synthetic person, read it back, and ' +
        'print both transactions\' records. When the workflow lands, this runs synthetic bookings through every agency.',
    )
    .option('--card <file>', 'tenprint transaction to start from', CARD)
    .option('--json', 'machine-readable output')
    .action((opts: { card: string; json?: boolean }) => {
      note('scomm demo (interim): the agency workflow is not built yet; this shows the exchange format end to end.');
      const t0 = performance.now();
      const card = parseTransaction(readInputFile(opts.card), { file: opts.card });
      const rolled = card.records.flatMap((r, index) => {
        const position = r.kind === 'binary' && r.type === 4 ? r.header!.fgp[0] : 0;
        return position >= 1 && position <= 10 ? [{ position, image: decodeRecordImage(card, index, opts.card) }] : [];
      });
      const decodeMs = performance.now() - t0;
      const t1 = performance.now();
      const car = buildCar(
        {
          tcn: 'DEMO-0000000001',
          ori: 'TX1010000',
          date: '2008-10-27',
          subject: { name: 'TESTPERSON,DEMO', dob: '1980-01-01', pob: 'TX', sex: 'X' },
          arrestDate: '2008-10-27',
          charges: [{ offense: 'petty', severity: 'misdemeanor', date: '2008-10-26' }],
        },
        rolled,
      );
      const back = readCar(car, 'demo CAR');
      const carMs = performance.now() - t1;
      const summary = {
        interim: true,
        card: { file: opts.card, records: card.records.length, rolledPrintsDecoded: rolled.length, decodeMs: Math.round(decodeMs) },
        car: { tcn: back.tcn, ori: back.ori, bytes: car.length, fingers: back.fingers.length, buildAndReadMs: Math.round(carMs) },
      };
      emit(opts, summary, () =>
        [
          'scomm demo (interim): exchange formats end to end',
          table(
            ['step', 'result', 'ms'],
            [
              ['decode reference card', `${card.records.length} records, ${rolled.length} rolled WSQ prints`, Math.round(decodeMs)],
              ['build + read CAR', `${car.length} bytes, TCN ${back.tcn}, ${back.fingers.length} fingers`, Math.round(carMs)],
            ],
          ),
        ].join('\n'),
      );
    });
}
