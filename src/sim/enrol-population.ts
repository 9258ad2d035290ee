import { seedCriminalRecord } from '../agencies/cjis/node.ts';
import { enrolEncounter } from '../agencies/ident/node.ts';
import { recordStatus } from '../agencies/lesc/node.ts';
import { impressionTemplates, type SubjectMinutiae } from '../biometrics/synth/index.ts';
import type { Network } from './network.ts';
import type { SyntheticPerson } from './population.ts';

/*
 * Where a synthetic person's records stand before their bookings: a criminal record (impression 2
 * of their fingers) in CJIS, an encounter (impression 1) in IDENT, a status at LESC. Each step is
 * once per person (by ref, encounter id, A-number), so repeating it on resume changes nothing.
 * The demo, `scomm up` and `scomm serve --seed-bookings` enrol their populations alike.
 */

/** Whether the person has prints on record anywhere (a criminal record or an IDENT encounter). */
export const needsPrints = (p: SyntheticPerson): boolean => p.priorConvictions.length > 0 || p.encounterId !== null;

/** CJIS criminal record; returns the arrests entered (0 without convictions). */
export async function enrolCriminalRecord(network: Network, p: SyntheticPerson, subject: SubjectMinutiae): Promise<number> {
  if (p.priorConvictions.length === 0) return 0;
  await seedCriminalRecord(network.node('cjis'), network.cjisGallery, impressionTemplates(subject, 2), p.priorConvictions, p.ref);
  return p.priorConvictions.length;
}

/** IDENT encounter: at the border for removable people, a visa for the others. */
export async function enrolIdentEncounter(network: Network, p: SyntheticPerson, subject: SubjectMinutiae): Promise<void> {
  if (p.encounterId) await enrolEncounter(network.node('ident'), network.identGallery, p.encounterId, p.aNumber!, p.status === 'removable' ? 'border' : 'visa', impressionTemplates(subject, 1));
}

/** LESC's status for the A-number: naturalised people are citizens now. */
export async function enrolImmigrationStatus(network: Network, p: SyntheticPerson): Promise<void> {
  if (p.aNumber) await recordStatus(network.node('lesc'), p.aNumber, p.status === 'naturalized' ? 'citizen' : p.status === 'lpr' ? 'lpr' : 'removable');
}

/** The person's prints in CJIS and IDENT, where they have records. */
export async function enrolPrints(network: Network, p: SyntheticPerson, subject: SubjectMinutiae): Promise<void> {
  await enrolCriminalRecord(network, p, subject);
  await enrolIdentEncounter(network, p, subject);
}

/** Everything on record for the person; `subject` may be null when they have no prints on record. */
export async function enrolPerson(network: Network, p: SyntheticPerson, subject: SubjectMinutiae | null): Promise<void> {
  if (subject) await enrolPrints(network, p, subject);
  await enrolImmigrationStatus(network, p);
}
