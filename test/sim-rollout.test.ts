import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { decide } from '../src/policy/index.ts';
import { activeBy, defaultCountiesPath, loadCounties, parseCounties } from '../src/sim/counties.ts';
import { simulateRollout } from '../src/sim/rollout.ts';
import { runScomm } from './support/cli.ts';

/** Counts straight from the CSV text, independently of the loader. */
function csvActivatedBy(date: string): number {
  return readFileSync(defaultCountiesPath, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter((l) => {
      const d = l.slice(l.lastIndexOf(',') + 1).trim();
      return d !== '' && d <= date;
    }).length;
}

test('the county list loads whole, with activation dates from Harris County TX to January 2013', () => {
  const counties = loadCounties();
  assert.equal(counties.length, 3143);
  const first = counties.filter((c) => c.activation === '2008-10-27');
  assert.deepEqual(first.map((c) => `${c.name}, ${c.state}`), ['Harris County, TX']);
  assert.equal(activeBy(counties, '2010-09-30').length, csvActivatedBy('2010-09-30'));
  assert.equal(activeBy(counties, '2013-01-22').length, csvActivatedBy('2013-01-22'));
});

test('a malformed county row is named by line and column', () => {
  const text = 'county_fips,state,state_name,county_name,population_2010,noncitizen_population_2010,activation_date\n01001,AL,Alabama,"Autauga, County",100,5,2011-04-26\n0100X,AL,Alabama,B,1,1,\n';
  assert.throws(() => parseCounties(text, 'x.csv'), /x\.csv: line 3: county_fips must be a 5-digit FIPS code/);
  assert.equal(parseCounties(text.split('\n').slice(0, 2).join('\n'), 'x.csv')[0].name, 'Autauga, County');
});

test('the rollout only searches activated counties, is deterministic, and decides with the policy in force', () => {
  const counties = loadCounties().filter((c) => ['TX', 'AZ', 'VT'].includes(c.state));
  const run = (seed: number) =>
    simulateRollout({ counties, from: '2008-10-27', to: '2010-12-31', scale: 0.05, seed, decide: (c) => decide(c) });
  const a = run(3);
  assert.deepEqual(run(3), a);
  assert.notDeepEqual(run(4), a);
  const activation = new Map(counties.map((c) => [c.fips, c.activation!.slice(0, 7)]));
  for (const e of a.filter((x) => x.kind === 'submission')) assert.ok(e.month >= activation.get(e.fips)!, `${e.fips} searched in ${e.month}`);
  const sum = (kind: string) => a.filter((e) => e.kind === kind).reduce((s, e) => s + e.count, 0);
  assert.ok(sum('booking') > sum('submission') && sum('submission') > sum('ident_match') && sum('ident_match') > sum('removal'));
  // Vermont was activated in 2012: no searches before the end of 2010.
  assert.equal(a.filter((e) => e.state === 'VT' && e.kind === 'submission').length, 0);
});

test('scomm sim --to 2010-09-30 reports the counties activated by then and stores its events', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomm-sim-'));
  const env = { SCOMM_DATA_DIR: dir };
  const r = runScomm(['sim', '--from', '2008-10-27', '--to', '2010-09-30', '--scale', '0.02', '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.jurisdictionsActive, csvActivatedBy('2010-09-30'));
  assert.ok(out.bookings > 0 && out.identMatches > 0 && out.removals > 0);
  assert.ok(out.nonCriminalShare > 0 && out.nonCriminalShare < 1);
  const again = JSON.parse(runScomm(['sim', '--from', '2008-10-27', '--to', '2010-09-30', '--scale', '0.02', '--json'], { env }).stdout);
  assert.equal(again.bookings, out.bookings, 'a second run replaces the first: same totals');
  // Run to the last activation: every county with an activation date (the count does not depend on --scale or --from).
  const end = JSON.parse(runScomm(['sim', '--from', '2013-01-01', '--to', '2013-01-22', '--scale', '0.01', '--json'], { env }).stdout);
  assert.equal(end.jurisdictionsActive, csvActivatedBy('9999-12-31'));
  assert.equal(end.jurisdictionsActive, 3143 - readFileSync(defaultCountiesPath, 'utf8').trim().split('\n').filter((l) => l.endsWith(',')).length);
  const bad = runScomm(['sim', '--from', '2010-13-01', '--json'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --from must be a date/);
});
