import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { County } from '../src/sim/counties.ts';
import { findAnomalies } from '../src/stats/anomalies.ts';
import type { StatEvent } from '../src/stats/events.ts';
import { computeFigures, monthlySeries, nationalFigures } from '../src/stats/figures.ts';
import { appendEvents, statsMigrations } from '../src/stats/store.ts';
import { openStore } from '../src/store/database.ts';
import { migrate } from '../src/store/migrations.ts';

const ev = (month: string, fips: string, kind: StatEvent['kind'], level: number, convicted: boolean, count: number): StatEvent => ({
  month, fips, state: fips.startsWith('48') ? 'TX' : 'AZ', kind, level, convicted, count,
});

async function storeWith(events: StatEvent[]) {
  const store = openStore({ kind: 'sqlite', file: ':memory:' });
  await migrate(store.db, statsMigrations);
  await appendEvents(store.db, 'sim', events);
  return store;
}

test('figures are sums of the stored events, by month, area and level', async () => {
  const store = await storeWith([
    ev('2010-01', '48201', 'submission', 0, false, 100),
    ev('2010-01', '48201', 'ident_match', 1, true, 4),
    ev('2010-01', '48201', 'ident_match', 0, false, 6),
    ev('2010-01', '48201', 'removal', 0, false, 3),
    ev('2010-01', '48201', 'removal', 2, true, 1),
    ev('2010-02', '04013', 'removal', 1, true, 4),
    ev('2010-02', '04013', 'transfer', 0, false, 1),
    ev('2010-02', '04013', 'transfer', 3, true, 3),
  ]);
  const jan = await nationalFigures(store.db, { month: '2010-01' });
  assert.equal(jan.submissions, 100);
  assert.equal(jan.identMatches, 10);
  assert.deepEqual(jan.matchesByLevel, { level1: 4, level2: 0, level3: 0, nonCriminal: 6 });
  assert.equal(jan.nonCriminalShare, 0.75);
  const all = await nationalFigures(store.db, { through: '2010-02' });
  assert.equal(all.removals, 8);
  assert.equal(all.nonCriminalShare, 3 / 8);
  assert.equal(all.nonCriminalOrLowLevelShare, 4 / 8);
  assert.equal(all.noRecordTransferShare, 1 / 4);
  const byState = await computeFigures(store.db, { through: '2010-02', by: 'state' });
  assert.deepEqual(byState.map((f) => [f.area, f.removals]), [['AZ', 4], ['TX', 4]]);
  const series = await monthlySeries(store.db);
  assert.deepEqual(series.map((s) => [s.month, s.removals]), [['2010-01', 4], ['2010-02', 4]]);
  await store.close();
});

test('anomalies: over half non-criminal, or removals out of proportion to the non-citizen population', () => {
  const counties: County[] = [
    { fips: '48453', state: 'TX', stateName: 'Texas', name: 'Travis County', population: 1_000_000, noncitizens: 10_000, activation: '2009-06-09' },
    { fips: '04013', state: 'AZ', stateName: 'Arizona', name: 'Maricopa County', population: 4_000_000, noncitizens: 400_000, activation: '2010-01-01' },
    { fips: '06037', state: 'CA', stateName: 'California', name: 'Los Angeles County', population: 9_800_000, noncitizens: 1_000_000, activation: '2009-08-27' },
  ];
  const fig = (area: string, removals: number, nonCriminal: number) => ({
    area, removals, removalsByLevel: { level1: 0, level2: 0, level3: removals - nonCriminal, nonCriminal }, nonCriminalShare: nonCriminal / removals,
  });
  const flags = findAnomalies([fig('48453', 100, 82), fig('04013', 100, 30), fig('06037', 150, 20), fig('04013', 10, 9)] as never, counties);
  const travis = flags.filter((f) => f.fips === '48453').map((f) => f.rule).sort();
  assert.deepEqual(travis, ['disproportion', 'non_criminal_share']);
  assert.ok(!flags.some((f) => f.fips === '06037'));
  assert.match(flags.find((f) => f.rule === 'non_criminal_share')!.explanation, /Travis County, TX: 82\.0 % of 100 removals/);
});
