import { seedCriminalRecord } from '../agencies/cjis/node.ts';
import { enrolEncounter } from '../agencies/ident/node.ts';
import { recordStatus } from '../agencies/lesc/node.ts';
import { createTemplateSubject, impressionTemplates, type SubjectMinutiae } from '../biometrics/synth/index.ts';
import type { FingerTemplate } from '../biometrics/template/types.ts';
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

/** Impression of a person's fingers on their criminal record and on their IDENT encounter (bookings take 100 and up). */
export const CRIMINAL_IMPRESSION = 2;
export const ENCOUNTER_IMPRESSION = 1;

/** The prints a person's records hold: the criminal record's when they have convictions, the encounter's when they have one. */
export interface RecordPrints {
  criminal?: FingerTemplate[];
  encounter?: FingerTemplate[];
}

/** Each person's minutiae-level fingers, drawn once: their records and their bookings are impressions of the same fingers. */
export function templateSubjects(): (p: SyntheticPerson) => SubjectMinutiae {
  const subjects = new Map<string, SubjectMinutiae>();
  return (p) => {
    let s = subjects.get(p.ref);
    if (!s) subjects.set(p.ref, (s = createTemplateSubject(p.fingerSeed)));
    return s;
  };
}

/** RecordPrints drawn from the person's fingers (only the impressions their records need). */
export function recordPrints(p: SyntheticPerson, subject: SubjectMinutiae): RecordPrints {
  return {
    criminal: p.priorConvictions.length > 0 ? impressionTemplates(subject, CRIMINAL_IMPRESSION) : undefined,
    encounter: p.encounterId ? impressionTemplates(subject, ENCOUNTER_IMPRESSION) : undefined,
  };
}

/** CJIS criminal record; returns the arrests entered (0 without convictions). */
export async function enrolCriminalRecord(network: Network, p: SyntheticPerson, prints: RecordPrints): Promise<number> {
  if (p.priorConvictions.length === 0) return 0;
  if (!prints.criminal) throw new Error(`${p.ref} has convictions but no criminal-record prints were drawn`);
  await seedCriminalRecord(network.node('cjis'), network.cjisGallery, prints.criminal, p.priorConvictions, p.ref);
  return p.priorConvictions.length;
}

/** IDENT encounter: at the border for removable people, a visa for the others. */
export async function enrolIdentEncounter(network: Network, p: SyntheticPerson, prints: RecordPrints): Promise<void> {
  if (!p.encounterId) return;
  if (!prints.encounter) throw new Error(`${p.ref} has an IDENT encounter but no encounter prints were drawn`);
  await enrolEncounter(network.node('ident'), network.identGallery, p.encounterId, p.aNumber!, p.status === 'removable' ? 'border' : 'visa', prints.encounter);
}

/** LESC's status for the A-number: naturalised people are citizens now. */
export async function enrolImmigrationStatus(network: Network, p: SyntheticPerson): Promise<void> {
  if (p.aNumber) await recordStatus(network.node('lesc'), p.aNumber, p.status === 'naturalized' ? 'citizen' : p.status === 'lpr' ? 'lpr' : 'removable');
}

/** The person's prints in CJIS and IDENT, where they have records. */
export async function enrolPrints(network: Network, p: SyntheticPerson, prints: RecordPrints): Promise<void> {
  await enrolCriminalRecord(network, p, prints);
  await enrolIdentEncounter(network, p, prints);
}

/** Everything on record for the person; `prints` null when they have none on record (needsPrints) or they go in later (enrolPrints). */
export async function enrolPerson(network: Network, p: SyntheticPerson, prints: RecordPrints | null): Promise<void> {
  if (prints) await enrolPrints(network, p, prints);
  await enrolImmigrationStatus(network, p);
}
