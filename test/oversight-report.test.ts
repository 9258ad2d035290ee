import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { appendAudit, fileComplaint, oversightMigrations, requestOptOut, updateComplaint, verifyAudit, listComplaints } from '../src/agencies/oversight/index.ts';
import { openStore } from '../src/store/database.ts';
import { migrate } from '../src/store/migrations.ts';
import { runScomm } from './support/cli.ts';

async function oversightDb() {
  const store = openStore({ kind: 'sqlite', file: ':memory:' });
  await migrate(store.db, oversightMigrations);
  return store;
}

test('audit chain: intact after appends; an altered row, a removed row and a removed tail are each caught and named', async () => {
  const store = await oversightDb();
  for (let i = 1; i <= 50; i++) await appendAudit(store.db, { actor: 'ero:HOU', action: 'case.decide', subject: `case:${i}`, reason: 'policy 2011-06', payload: { level: i % 3 } });
  assert.deepEqual(await verifyAudit(store.db), { valid: true, entries: 50 });

  await sql`update audit_log set reason = 'edited' where seq = 17`.execute(store.db);
  const altered = await verifyAudit(store.db);
  assert.equal(altered.valid, false);
  assert.equal(altered.firstBad?.seq, 17);
  assert.match(altered.firstBad!.problem, /altered/);
  await sql`update audit_log set reason = 'policy 2011-06' where seq = 17`.execute(store.db);
  assert.equal((await verifyAudit(store.db)).valid, true);

  await sql`delete from audit_log where seq = 30`.execute(store.db);
  const removed = await verifyAudit(store.db);
  assert.equal(removed.firstBad?.seq, 30);
  assert.match(removed.firstBad!.problem, /missing/);
  await store.close();

  const tail = await oversightDb();
  for (let i = 1; i <= 5; i++) await appendAudit(tail.db, { actor: 'a', action: 'b', subject: `s${i}` });
  await sql`delete from audit_log where seq = 5`.execute(tail.db);
  const cut = await verifyAudit(tail.db);
  assert.equal(cut.valid, false);
  assert.match(cut.firstBad!.problem, /removed/);
  await tail.close();
});

test('complaints move forward only, every step audited; opt-out requests keep their history', async () => {
  const store = await oversightDb();
  const c = await fileComplaint(store.db, { fips: '48201', category: 'citizen_detained', summary: 'synthetic: a US citizen held on a detainer', caseIds: ['case-7'] }, 'public');
  assert.equal(c.status, 'filed');
  await updateComplaint(store.db, c.id, 'acknowledged', 'received', 'crcl');
  await assert.rejects(() => updateComplaint(store.db, c.id, 'filed', 'back', 'crcl'), /cannot go back/);
  const [stored] = await listComplaints(store.db);
  assert.deepEqual(stored.history.map((h) => h.status), ['filed', 'acknowledged']);
  assert.deepEqual(stored.caseIds, ['case-7']);
  const o = await requestOptOut(store.db, { fips: '06075', date: '2010-05-01', requestedBy: 'synthetic board' }, 'county');
  assert.equal(o.status, 'requested');
  await assert.rejects(() => requestOptOut(store.db, { fips: '06075', date: '2010-06-01', requestedBy: 'again' }, 'county'), /already has/);
  await assert.rejects(() => fileComplaint(store.db, { fips: '123', category: 'other', summary: 'x' }, 'p'), /FIPS/);
  const verdict = await verifyAudit(store.db);
  assert.deepEqual(verdict, { valid: true, entries: 3 });
  await store.close();
});

test('scomm report writes CSV, HTML and PDF for 2011-05 from simulated events; audit verify exits 3 on a tampered row', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'scomm-report-'));
  const sim = runScomm(['sim', '--from', '2010-10-01', '--to', '2011-06-30', '--scale', '0.02', '--json'], { cwd });
  assert.equal(sim.code, 0, sim.stderr);
  assert.equal(runScomm(['complaints', 'file', '--fips', '48201', '--category', 'victim_witness', '--summary', 'synthetic', '--date', '2011-04-15'], { cwd }).code, 0);
  for (const format of ['csv', 'html', 'pdf']) {
    const r = runScomm(['report', '--month', '2011-05', '--format', format, '-o', `r.${format}`], { cwd });
    assert.equal(r.code, 0, r.stderr);
  }
  const pdf = readFileSync(path.join(cwd, 'r.pdf'));
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.match(pdf.subarray(-8).toString(), /%%EOF/);
  assert.ok(/\/Type \/Page\b/.test(pdf.toString('latin1')));
  const html = readFileSync(path.join(cwd, 'r.html'), 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.equal((html.match(/<svg /g) ?? []).length, 4);
  assert.doesNotMatch(html, /(src|href)="https?:/, 'no external asset');
  const csv = readFileSync(path.join(cwd, 'r.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const head = csv[0];
  const col = (name: string) => head.indexOf(name);
  const nation = csv.find((r) => r[0] === 'nation' && r[5] === '2011-05')!;
  const countySum = csv.filter((r) => r[0] === 'county' && r[5] === '2011-05').reduce((s, r) => s + Number(r[col('ident_matches')]), 0);
  assert.ok(Number(nation[col('ident_matches')]) > 0);
  assert.equal(countySum, Number(nation[col('ident_matches')]), 'county rows add up to the nation');
  assert.equal(Number(nation[col('complaints')]), 1);

  const ok = runScomm(['audit', 'verify', '--json'], { cwd });
  assert.equal(ok.code, 0);
  assert.equal(JSON.parse(ok.stdout).valid, true);
  // Tamper with the stored row directly, as someone with database access could.
  const store = openStore({ kind: 'sqlite', file: path.join(cwd, '.scomm/scomm.db') });
  return sql`update audit_log set actor = 'someone else' where seq = 1`.execute(store.db).then(async () => {
    await store.close();
    const bad = runScomm(['audit', 'verify'], { cwd });
    assert.equal(bad.code, 3);
    assert.match(bad.stdout, /BROKEN at entry 1/);
  });
});
