import type { Kysely } from 'kysely';
import { SearchPool, TenprintGallery, type Candidate, type PooledResult } from '../../biometrics/search/index.ts';
import type { FingerTemplate } from '../../biometrics/template/types.ts';
import { InputError } from '../../errors.ts';
import { message, type Body } from '../../messages/index.ts';
import type { Conviction } from '../../policy/case.ts';
import { loadGallery, printsOf, toWire, type WireTemplates } from '../runtime/prints.ts';
import { json, type AgencyNode, type NodeSpec } from '../runtime/node.ts';
import { createTable } from '../runtime/tables.ts';

export interface CjisConfig {
  /** Deployment plan: the date interoperability was activated in a county (FIPS), or null. */
  activation: (county: string) => string | null;
  /**
   * How a CAR becomes templates (decode and extract, or the fast path's templates). Defaults to
   * printsOf on this thread; the demo passes worker threads. Throws InputError for a bad CAR.
   */
  prints?: (car: Body<'car'>) => FingerTemplate[] | Promise<FingerTemplate[]>;
  /** Worker threads for the 1:N searches (default: this thread). */
  searchPool?: SearchPool;
}

/**
 * FBI CJIS (IAFIS): the criminal master file. Each CAR's prints are searched 1:N; a hit adds the
 * arrest to that FBI number's record, no hit creates a new record. The SRE goes back to the state.
 * Interoperability: where the county's activation date has passed, the same prints go to IDENT, and
 * IDENT's answer is routed back to the state.
 */
export function cjisNode(config: CjisConfig): NodeSpec & { gallery: TenprintGallery } {
  const address = 'cjis';
  const gallery = new TenprintGallery();
  const pool = config.searchPool;
  const printsFor = async (car: Body<'car'>): Promise<FingerTemplate[]> => (car.templates || !config.prints ? printsOf(car) : config.prints(car));
  return {
    address,
    gallery,
    migrations: [
      {
        name: 'cjis-0001-master-file',
        up: async (db: Kysely<any>) => {
          await createTable(db, 'cjis_subject', [['fbi', 'text', 'pk'], ['arrests', 'integer', 'notnull'], ['convictions', 'text', 'notnull'], ['prints', 'text', 'notnull']]);
          await createTable(db, 'cjis_seed', [['ref', 'text', 'pk'], ['fbi', 'text', 'notnull']]);
          await createTable(db, 'cjis_booking', [['tcn', 'text', 'pk'], ['fbi', 'text', 'notnull'], ['ori', 'text', 'notnull'], ['ident', 'integer', 'notnull']]);
        },
      },
      {
        // 1 where the record's prints were extracted from a CAR's images (searches decide by decisionThreshold).
        name: 'cjis-0002-extracted-prints',
        up: async (db: Kysely<any>) => {
          await db.schema.alterTable('cjis_subject').addColumn('extracted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        },
      },
    ],
    load: (db) => loadGallery(db, gallery, 'cjis_subject', 'fbi', 'extracted'),
    prepare: pool
      ? (m) => {
          if (m.type !== 'car') return undefined;
          return (async (): Promise<Searched> => {
            const prints = await printsFor(m.body as Body<'car'>);
            return { prints, result: await pool.search(gallery, prints, extracted(m.body as Body<'car'>)) };
          })();
        }
      : undefined,
    handle: async (tx, m, ctx) => {
      switch (m.type) {
        case 'car': {
          const car = m.body as Body<'car'>;
          let prints: FingerTemplate[];
          let hit: Candidate | null;
          try {
            if (ctx.prepared) {
              // Searched on the pool's threads with the rest of the batch; brought up to date
              // with the records this batch has created since.
              const pre = (await ctx.prepared) as Searched;
              prints = pre.prints;
              hit = gallery.withLater(pre.result, prints, extracted(car)).hit;
            } else {
              prints = await printsFor(car);
              hit = gallery.search(prints, extracted(car)).hit;
            }
          } catch (err) {
            if (!(err instanceof InputError)) throw err;
            ctx.send(message('errt', m.tcn, address, m.from, { reason: err.message }));
            return;
          }
          let fbi: string;
          let convictions: Conviction[] = [];
          let arrests = 0;
          if (hit) {
            fbi = hit.id;
            const s = await tx.selectFrom('cjis_subject').select(['arrests', 'convictions']).where('fbi', '=', fbi).executeTakeFirstOrThrow();
            convictions = JSON.parse(s.convictions);
            arrests = Number(s.arrests);
            await tx.updateTable('cjis_subject').set({ arrests: arrests + 1 }).where('fbi', '=', fbi).execute();
          } else {
            fbi = await newRecord(tx, car.templates ?? toWire(prints), [], 1, extracted(car));
            ctx.provisional(() => gallery.enrol(fbi, prints, extracted(car)), () => gallery.remove(fbi));
          }
          const active = config.activation(car.county);
          const interoperability = active !== null && active <= car.bookedAt;
          await tx.insertInto('cjis_booking').values({ tcn: m.tcn, fbi, ori: car.ori, ident: interoperability ? 1 : 0 }).execute();
          ctx.send(message('sre', m.tcn, address, m.from, { ident: Boolean(hit), fbiNumber: fbi, history: { arrests: arrests + 1, convictions }, interoperability }));
          ctx.send(message('search_log', m.tcn, address, 'oversight', { ori: car.ori, county: car.county, bookedAt: car.bookedAt, interoperability }));
          if (interoperability) {
            const { ori, county, bookedAt, subject, charges, flags } = car;
            ctx.send(message('ident_search', m.tcn, address, 'ident', { ori, county, bookedAt, subject, charges, flags, convictions, fbiNumber: fbi, templates: car.templates ?? toWire(prints), extracted: extracted(car) }));
          }
          return;
        }
        case 'idr': {
          const b = await tx.selectFrom('cjis_booking').select('ori').where('tcn', '=', m.tcn).executeTakeFirstOrThrow();
          ctx.send(message('idr', m.tcn, address, `sib:${b.ori.slice(0, 2)}`, m.body as Body<'idr'>));
          return;
        }
        case 'disposition': {
          const d = m.body as Body<'disposition'>;
          if (d.outcome !== 'convicted') return;
          const b = await tx.selectFrom('cjis_booking').select('fbi').where('tcn', '=', m.tcn).executeTakeFirstOrThrow();
          const s = await tx.selectFrom('cjis_subject').select('convictions').where('fbi', '=', b.fbi).executeTakeFirstOrThrow();
          const list: Conviction[] = JSON.parse(s.convictions);
          list.push({ offense: d.offense ?? 'other', severity: d.severity ?? 'misdemeanor', date: d.date, ...(d.sentenceDays !== undefined ? { sentenceDays: d.sentenceDays } : {}) });
          await tx.updateTable('cjis_subject').set({ convictions: json.write(list) }).where('fbi', '=', b.fbi).execute();
          return;
        }
        default:
          throw new Error(`${address} does not take ${m.type} messages`);
      }
    },
  };
}

/** A CAR's prints and their search, done before the batch's transaction (see NodeSpec.prepare). */
interface Searched {
  prints: FingerTemplate[];
  result: PooledResult;
}

/**
 * A new FBI number's record; `extracted`: its prints were extracted from a CAR's images (see
 * decisionThreshold). Numbers are dense and fixed-width: the largest + 1 is one index read, where
 * counting the rows read them all.
 */
async function newRecord(tx: Kysely<any>, prints: WireTemplates, convictions: Conviction[], arrests: number, extracted: boolean): Promise<string> {
  const last = await tx.selectFrom('cjis_subject').select((eb) => eb.fn.max('fbi').as('fbi')).executeTakeFirst();
  const fbi = `FBI${String(last?.fbi ? Number(String(last.fbi).slice(3)) + 1 : 1).padStart(9, '0')}`;
  await tx.insertInto('cjis_subject').values({ fbi, arrests, convictions: json.write(convictions), prints: json.write(prints), extracted: extracted ? 1 : 0 }).execute();
  return fbi;
}

/** Enrols an existing criminal record (the master file as it stood before the run), once per ref. Returns its FBI number. */
export async function seedCriminalRecord(node: AgencyNode, gallery: TenprintGallery, prints: FingerTemplate[], convictions: Conviction[], ref: string): Promise<string> {
  let fbi = '';
  await node.command(async (tx, ctx) => {
    const seeded = await tx.selectFrom('cjis_seed').select('fbi').where('ref', '=', ref).executeTakeFirst();
    if (seeded) return void (fbi = seeded.fbi);
    fbi = await newRecord(tx, toWire(prints), convictions, convictions.length, false);
    await tx.insertInto('cjis_seed').values({ ref, fbi }).execute();
    ctx.provisional(() => gallery.enrol(fbi, prints), () => gallery.remove(fbi));
  });
  return fbi;
}

/** Whether the CAR's prints are extracted from its images (rather than sent as templates): searches decide on them by decisionThreshold. */
function extracted(car: Body<'car'>): boolean {
  return !car.templates;
}
