import { book } from '../agencies/booking/node.ts';
import { toWire } from '../agencies/runtime/prints.ts';
import { impressionTemplates } from '../biometrics/synth/index.ts';
import { Rng } from '../random.ts';
import { enrolPerson, needsPrints, recordPrints, templateSubjects } from '../sim/enrol-population.ts';
import { carOf, demoCounties, oriOf } from '../sim/network.ts';
import { createPopulation, drawBooking, type SyntheticPerson } from '../sim/population.ts';
import type { ServerContext } from './context.ts';

/**
 * Synthetic traffic for a served network, so its queues and answers are not empty: a synthetic
 * population enrolled where it belongs (records in CJIS, encounters in IDENT, statuses at LESC),
 * then template-path bookings at the demo's agencies, run to completion. Deterministic from the
 * seed and idempotent (a restart books the same TCNs once).
 */
export async function seedTraffic(ctx: ServerContext, o: { bookings: number; seed: number; progress?: (done: number, total: number, phase: string) => void }): Promise<void> {
  const { network } = ctx;
  const people = createPopulation(Math.max(100, Math.round(o.bookings * 0.7)), o.seed);
  const subjectOf = templateSubjects();
  for (let i = 0; i < people.length; i++) {
    const p = people[i];
    await enrolPerson(network, p, needsPrints(p) ? recordPrints(p, subjectOf(p)) : null);
    if (i % 50 === 0) o.progress?.(i, people.length, 'enrolling synthetic people');
  }
  const counties = demoCounties(ctx.counties);
  const rng = new Rng(`serve-bookings-${o.seed}`);
  const weights = counties.map((c) => c.population);
  const from = Date.UTC(2009, 0, 1);
  const to = Date.UTC(2013, 0, 31);
  for (let i = 0; i < o.bookings; i++) {
    const draw = drawBooking(rng, people, counties, weights, from, to);
    const tcn = `S${String(o.seed).padStart(3, '0')}-${String(i).padStart(7, '0')}`;
    await book(network.node(`booking:${oriOf(draw.county)}`), tcn, draw.person.ref, { ...carOf(draw), templates: toWire(impressionTemplates(subjectOf(draw.person), 100 + i)) });
    if ((i + 1) % 25 === 0 || i === o.bookings - 1) {
      await network.drain();
      o.progress?.(i + 1, o.bookings, 'synthetic bookings');
    }
  }
  await network.drain();
}
