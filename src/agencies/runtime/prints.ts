import { extract } from '../../biometrics/extract/index.ts';
import { readCompactTemplate, writeCompactTemplate } from '../../biometrics/template/compact.ts';
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
