import { extract } from '../../biometrics/extract/index.ts';
import { readCompactTemplate, writeCompactTemplate } from '../../biometrics/template/compact.ts';
import type { Kysely } from 'kysely';
import type { TenprintGallery } from '../../biometrics/search/index.ts';
import type { FingerTemplate } from '../../biometrics/template/types.ts';
import { readCar } from '../../nist/index.ts';
import type { Body } from '../../messages/index.ts';

export type WireTemplates = NonNullable<Body<'car'>['templates']>;

export function toWire(templates: FingerTemplate[]): WireTemplates {
  return templates.map((t) => ({ position: t.fingerPosition ?? 0, sct: Buffer.from(writeCompactTemplate(t)).toString('base64') }));
}

export function fromWire(w: WireTemplates): FingerTemplate[] {
  return w.map((x) => ({ ...readCompactTemplate(Buffer.from(x.sct, 'base64'), `template of finger ${x.position}`), fingerPosition: x.position }));
}

/** The prints of a CAR as templates: the ANSI/NIST transaction decoded (WSQ) and extracted, or the fast-path templates. */
export function printsOf(car: Body<'car'>): FingerTemplate[] {
  if (car.templates) return fromWire(car.templates);
  const submission = readCar(Buffer.from(car.nist!, 'base64'), 'CAR');
  return submission.fingers.map((f) => extract(f.image, f.position));
}

/**
 * Enrols in a node's search gallery every row of its table of enrolled prints (id column, JSON
 * `prints`, optionally a column saying 1 where they were extracted from images) that the gallery
 * does not hold: all of them at start, the few a commit of unknown outcome left out afterwards
 * (their ids are read first, then only the missing rows' prints).
 */
export async function loadGallery(db: Kysely<any>, gallery: TenprintGallery, table: string, idColumn: string, extractedColumn?: string): Promise<void> {
  const columns = [`${idColumn} as id`, 'prints', ...(extractedColumn ? [`${extractedColumn} as extracted`] : [])];
  const enrol = (r: Record<string, any>) => gallery.enrol(r.id, fromWire(JSON.parse(r.prints)), Number(r.extracted ?? 0) === 1);
  if (gallery.size === 0) {
    const rows = await db.selectFrom(table).select(columns).execute();
    for (const r of rows) enrol(r);
    return;
  }
  const ids = await db.selectFrom(table).select(`${idColumn} as id`).execute();
  const missing = ids.map((r) => r.id as string).filter((id) => !gallery.has(id));
  for (let k = 0; k < missing.length; k += 500) {
    const rows = await db.selectFrom(table).select(columns).where(idColumn, 'in', missing.slice(k, k + 500)).execute();
    for (const r of rows) enrol(r);
  }
}
