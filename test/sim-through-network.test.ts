import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { defaultCountiesPath } from '../src/sim/counties.ts';
import { runScomm } from './support/cli.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'scomm-through-network-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Six real counties: four active early, Cook County IL (2013) and Chittenden County VT (2012) not yet in 2009-2010. */
function smallCountyList(): string {
  const lines = readFileSync(defaultCountiesPath, 'utf8').trim().split('\n');
  const keep = new Set(['48201', '04013', '06037', '48453', '17031', '50007']);
  const file = path.join(tmp, 'counties.csv');
  writeFileSync(file, [lines[0], ...lines.slice(1).filter((l) => keep.has(l.slice(0, 5)))].join('\n') + '\n');
  return file;
}

test('scomm sim --through-network: the oversight node writes the statistics, and scomm report agrees with the nodes\' own tables', () => {
  const env = { SCOMM_DATA_DIR: path.join(tmp, 'data') };
  const counties = smallCountyList();
  const r = runScomm(['sim', '--counties', counties, '--from', '2009-06-01', '--to', '2010-12-31', '--scale', '0.0002', '--through-network', '--share', '0.00002', '--json'], { env, timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const t = out.network.tables;
  assert.ok(t.bookings > 100 && t.identSearches > 0 && t.identMatches > 0 && t.detainers > 0, JSON.stringify(t));
  assert.equal(t.cases, t.identMatches, 'every IDENT match became an ERO case');
  assert.equal(out.network.deadLetters, 0);
  const g = out.network.groundTruth;
  assert.equal(g.matchesCorrect + g.falseMatches, t.identMatches);
  assert.equal(g.falseMatches, 0, 'no one matched to another person\'s encounter');
  assert.ok(g.matchesCorrect >= 0.8 * g.inIdentAndSearched, `IDENT found ${g.matchesCorrect} of ${g.inIdentAndSearched}`);
  assert.ok(out.bookings > t.bookings, 'the fast mode carries the rest of the volume');

  const csv = runScomm(['report', '--month', '2010-12', '--source', 'network', '--format', 'csv', '--counties', counties], { env });
  assert.equal(csv.code, 0, csv.stderr);
  const rows = csv.stdout.trim().split('\n').map((l) => l.split(','));
  const header = rows[0];
  const get = (row: string[], col: string) => Number(row[header.indexOf(col)]);
  const nation = rows.find((x) => x[0] === 'nation' && x[5] === 'through 2010-12')!;
  assert.equal(get(nation, 'bookings'), t.bookings);
  assert.equal(get(nation, 'submissions'), t.identSearches);
  assert.equal(get(nation, 'ident_matches'), t.identMatches);
  assert.deepEqual(['matches_l1', 'matches_l2', 'matches_l3', 'matches_noncriminal'].map((c) => get(nation, c)), [t.casesByLevel.level1, t.casesByLevel.level2, t.casesByLevel.level3, t.casesByLevel.nonCriminal]);
  assert.equal(get(nation, 'detainers'), t.detainers);
  // CJIS sent nothing to IDENT from the counties not yet activated.
  const county = (fips: string) => rows.find((x) => x[0] === 'county' && x[1] === fips && x[5] === 'through 2010-12');
  for (const fips of ['17031', '50007']) {
    const c = county(fips);
    if (c) assert.equal(get(c, 'submissions'), 0, `${fips} searched before its activation`);
  }
  assert.ok(get(county('48201')!, 'submissions') > 0);

  const audit = runScomm(['audit', 'verify', '--json'], { env });
  assert.equal(audit.code, 0, audit.stderr);
  const verdict = JSON.parse(audit.stdout);
  assert.equal(verdict.valid, true);
  assert.equal(verdict.entries, t.auditEntries);
  assert.ok(verdict.entries >= t.identSearches + t.cases, 'an entry per IDENT search and per decision at least');
});
