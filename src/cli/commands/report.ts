import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { complaintCounts, listOptOuts, oversightMigrations } from '../../agencies/oversight/index.ts';
import { InputError } from '../../errors.ts';
import { loadCounties } from '../../sim/counties.ts';
import { eventMonths } from '../../stats/figures.ts';
import { reportCsv } from '../../stats/report-csv.ts';
import { buildMonthlyReport } from '../../stats/report-data.ts';
import { reportHtml } from '../../stats/report-html.ts';
import { reportPdf } from '../../stats/report-pdf.ts';
import { eventSources, type EventSource } from '../../stats/events.ts';
import { statsMigrations } from '../../stats/store.ts';
import { openMigratedStore } from '../open-store.ts';
import { note } from '../output.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'The monthly IDENT/IAFIS interoperability statistics, from the events in the store (written by `scomm sim` or by the ' +
        'workflow): national, state and county figures for the month and to date, anomaly flags, complaints and opt-out ' +
        'requests. CSV for analysts; HTML and PDF with charts (rollout timeline, monthly matches, removals by level, level mix).',
    )
    .requiredOption('--month <YYYY-MM>', 'the month to report')
    .option('--format <format>', 'csv | html | pdf', 'csv')
    .option('-o, --out <file>', 'write here instead of stdout')
    .option('--counties <file>', 'county list CSV (default: ../shared/data/jurisdictions/counties.csv)')
    .option('--source <source>', 'only the events of sim (the fast mode) or network (written by the oversight node from the workflow); all by default')
    .action(async (opts: { month: string; format: string; out?: string; counties?: string; source?: string }) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month)) throw new InputError(`--month must be YYYY-MM (got '${opts.month}')`);
      if (!['csv', 'html', 'pdf'].includes(opts.format)) throw new InputError(`--format must be csv, html or pdf (got '${opts.format}')`);
      if (opts.source !== undefined && !(eventSources as readonly string[]).includes(opts.source)) throw new InputError(`--source must be sim or network (got '${opts.source}')`);
      const source = opts.source as EventSource | undefined;
      const counties = loadCounties(opts.counties);
      const store = await openMigratedStore([...statsMigrations, ...oversightMigrations]);
      let bytes: Uint8Array | string;
      try {
        const months = await eventMonths(store.db, source);
        if (months.length === 0) throw new InputError(`the store holds no${source ? ` ${source}` : ''} events: run \`scomm sim\` (or the workflow) first`);
        if (!months.includes(opts.month)) note(`report: no events in ${opts.month} (events cover ${months[0]} .. ${months[months.length - 1]}); figures for the month are zero`);
        const [complaintsByCounty, optOuts] = await Promise.all([complaintCounts(store.db, opts.month), listOptOuts(store.db)]);
        const report = await buildMonthlyReport(store.db, opts.month, counties, { complaintsByCounty, optOuts }, source);
        bytes = opts.format === 'csv' ? reportCsv(report) : opts.format === 'html' ? reportHtml(report) : await reportPdf(report);
      } finally {
        await store.close();
      }
      if (opts.out) {
        try {
          writeFileSync(opts.out, bytes);
        } catch (e) {
          throw new InputError(`cannot write ${opts.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        note(`report: wrote ${opts.out} (${bytes.length} bytes)`);
      } else process.stdout.write(bytes);
    });
}
