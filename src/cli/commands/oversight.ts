import type { Command } from 'commander';
import {
  complaintCategories,
  fileComplaint,
  listAudit,
  listComplaints,
  listOptOuts,
  oversightMigrations,
  requestOptOut,
  updateComplaint,
  verifyAudit,
  withdrawOptOut,
} from '../../agencies/oversight/index.ts';
import { InputError } from '../../errors.ts';
import { openMigratedStore } from '../open-store.ts';
import { emit, table } from '../output.ts';

/** Exit code of `scomm audit verify` when the chain is broken (distinct from bad input and failure). */
export const AUDIT_BROKEN_EXIT = 3;
const ACTOR = `cli:${process.env.USER ?? 'operator'}`;

async function withStore<T>(fn: (db: Awaited<ReturnType<typeof openMigratedStore>>['db']) => Promise<T>): Promise<T> {
  const store = await openMigratedStore(oversightMigrations);
  try {
    return await fn(store.db);
  } finally {
    await store.close();
  }
}

const positiveInt = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`${name} must be a positive whole number (got '${v}')`);
  return n;
};

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit chain: every decision, detainer, data access, complaint, opt-out and policy change, each entry hashing the one before.');
  audit
    .command('verify')
    .description(`Recompute the whole chain; exit 0 if intact, ${AUDIT_BROKEN_EXIT} naming the first bad entry if any entry was altered or removed.`)
    .option('--json', 'machine-readable output: {valid, entries, firstBad?}')
    .action(async (opts: { json?: boolean }) => {
      const verdict = await withStore((db) => verifyAudit(db));
      emit(opts, verdict, () => (verdict.valid ? `audit chain intact: ${verdict.entries} entries` : `audit chain BROKEN at entry ${verdict.firstBad!.seq}: ${verdict.firstBad!.problem}`));
      if (!verdict.valid) process.exitCode = AUDIT_BROKEN_EXIT;
    });
  audit
    .command('list')
    .description('Print audit entries in order.')
    .option('--from <seq>', 'first entry', '1')
    .option('--limit <n>', 'entries to print', '50')
    .option('--json', 'machine-readable output')
    .action(async (opts: { from: string; limit: string; json?: boolean }) => {
      const entries = await withStore((db) => listAudit(db, { from: positiveInt('--from', opts.from), limit: positiveInt('--limit', opts.limit) }));
      emit(opts, { entries }, () => table(['seq', 'at', 'actor', 'action', 'subject', 'reason'], entries.map((e) => [e.seq, e.at, e.actor, e.action, e.subject, e.reason])));
    });
}

export function registerComplaints(program: Command): void {
  const c = program.command('complaints').description('Civil rights and civil liberties complaints: file, acknowledge, investigate, close; linked to cases and jurisdictions; counted in reports.');
  c.command('file')
    .description('File a complaint about a jurisdiction (county FIPS), optionally linked to cases.')
    .requiredOption('--fips <code>', 'county FIPS code (5 digits)')
    .requiredOption('--category <c>', complaintCategories.join(' | '))
    .requiredOption('--summary <text>', 'what happened')
    .option('--case <id...>', 'linked case ids')
    .option('--date <date>', 'date the complaint was made (YYYY-MM-DD), if not today')
    .option('--json', 'machine-readable output')
    .action(async (opts: { fips: string; category: string; summary: string; case?: string[]; date?: string; json?: boolean }) => {
      const complaint = await withStore((db) => fileComplaint(db, { fips: opts.fips, category: opts.category as never, summary: opts.summary, caseIds: opts.case ?? [], date: opts.date }, ACTOR));
      emit(opts, complaint, () => `complaint ${complaint.id} filed (${complaint.category}, county ${complaint.fips})`);
    });
  c.command('update')
    .argument('<id>', 'complaint number')
    .argument('<status>', 'acknowledged | investigating | closed')
    .option('--note <text>', 'why', '')
    .option('--json', 'machine-readable output')
    .description('Move a complaint forward with a note (statuses never go back).')
    .action(async (id: string, status: string, opts: { note: string; json?: boolean }) => {
      const complaint = await withStore((db) => updateComplaint(db, positiveInt('complaint id', id), status, opts.note, ACTOR));
      emit(opts, complaint, () => `complaint ${complaint.id}: ${complaint.status}`);
    });
  c.command('list')
    .option('--json', 'machine-readable output')
    .description('All complaints with their status.')
    .action(async (opts: { json?: boolean }) => {
      const all = await withStore((db) => listComplaints(db));
      emit(opts, { complaints: all }, () => table(['id', 'filed', 'county', 'category', 'status', 'cases'], all.map((x) => [x.id, x.filedAt.slice(0, 10), x.fips, x.category, x.status, x.caseIds.join(' ')])));
    });
}

export function registerOptOut(program: Command): void {
  const o = program.command('opt-out').description('Opt-out requests by jurisdictions, with their history. Whether they are honored is a policy option of `scomm sim --opt-out`.');
  o.command('request')
    .requiredOption('--fips <code>', 'county FIPS code (5 digits)')
    .requiredOption('--date <date>', 'date of the request (YYYY-MM-DD)')
    .requiredOption('--by <who>', 'requesting body (e.g. county board of supervisors)')
    .option('--note <text>', 'context', '')
    .option('--json', 'machine-readable output')
    .description('Record a jurisdiction\'s request to opt out of IDENT searches.')
    .action(async (opts: { fips: string; date: string; by: string; note: string; json?: boolean }) => {
      const r = await withStore((db) => requestOptOut(db, { fips: opts.fips, date: opts.date, requestedBy: opts.by, note: opts.note }, ACTOR));
      emit(opts, r, () => `opt-out request ${r.id} recorded for county ${r.fips}`);
    });
  o.command('withdraw')
    .argument('<id>', 'request number')
    .option('--note <text>', 'why', '')
    .description('Withdraw a pending request.')
    .action(async (id: string, opts: { note: string }) => {
      await withStore((db) => withdrawOptOut(db, positiveInt('request id', id), opts.note, ACTOR));
      process.stdout.write(`opt-out request ${id} withdrawn\n`);
    });
  o.command('list')
    .option('--json', 'machine-readable output')
    .description('All requests with their history.')
    .action(async (opts: { json?: boolean }) => {
      const all = await withStore((db) => listOptOuts(db));
      emit(opts, { requests: all }, () => table(['id', 'county', 'date', 'by', 'status'], all.map((r) => [r.id, r.fips, r.requestedAt, r.requestedBy, r.status])));
    });
}
