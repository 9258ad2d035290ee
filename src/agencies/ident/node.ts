import type { Kysely } from 'kysely';
import { SearchPool, TenprintGallery, type Candidate, type PooledResult } from '../../biometrics/search/index.ts';
import type { FingerTemplate } from '../../biometrics/template/types.ts';
import { message, type Body } from '../../messages/index.ts';
import { fromWire, loadGallery, toWire } from '../runtime/prints.ts';
import { json, type AgencyNode, type NodeSpec } from '../runtime/node.ts';
import { createTable } from '../runtime/tables.ts';

/**
 * DHS IDENT: fingerprints of people met at the border, at consulates (visas) and by immigration
 * officers, each encounter with the A-number it was filed under. A search from CJIS is answered with
 * an IDR; a match also sends an Immigration Alien Query to LESC. Searches run on `searchPool`'s
 * threads when given, else on this thread.
 */
export function identNode(config: { searchPool?: SearchPool } = {}): NodeSpec & { gallery: TenprintGallery } {
  const address = 'ident';
  const gallery = new TenprintGallery();
  const pool = config.searchPool;
  return {
    address,
    gallery,
    migrations: [
      {
        name: 'ident-0001-encounters',
        up: async (db: Kysely<any>) => {
          await createTable(db, 'ident_encounter', [['id', 'text', 'pk'], ['a_number', 'text', 'notnull'], ['kind', 'text', 'notnull'], ['prints', 'text', 'notnull']]);
          await createTable(db, 'ident_search', [['tcn', 'text', 'pk'], ['matched', 'text'], ['score', 'real']]);
        },
      },
    ],
    load: (db) => loadGallery(db, gallery, 'ident_encounter', 'id'),
    // A batch's searches at once on the pool's threads (see NodeSpec.prepare).
    prepare: pool
      ? (m) => {
          if (m.type !== 'ident_search') return undefined;
          const probe = fromWire((m.body as Body<'ident_search'>).templates);
          return pool.search(gallery, probe, (m.body as Body<'ident_search'>).extracted).then((result) => ({ probe, result }));
        }
      : undefined,
    handle: async (tx, m, ctx) => {
      if (m.type !== 'ident_search') throw new Error(`${address} does not take ${m.type} messages`);
      const q = m.body as Body<'ident_search'>;
      let hit: Candidate | null;
      if (ctx.prepared) {
        const pre = (await ctx.prepared) as { probe: FingerTemplate[]; result: PooledResult };
        hit = gallery.withLater(pre.result, pre.probe, q.extracted).hit;
      } else hit = gallery.search(fromWire(q.templates), q.extracted).hit;
      await tx.insertInto('ident_search').values({ tcn: m.tcn, matched: hit?.id ?? null, score: hit?.score ?? null }).execute();
      ctx.send(message('idr', m.tcn, address, m.from, { match: Boolean(hit), encounterIds: hit ? [hit.id] : [], ...(hit ? { score: hit.score } : {}) }));
      if (!hit) return;
      const e = await tx.selectFrom('ident_encounter').select('a_number').where('id', '=', hit.id).executeTakeFirstOrThrow();
      const worst = q.charges.find((c) => c.severity === 'felony') ?? q.charges[0];
      ctx.send(
        message('iaq', m.tcn, address, 'lesc', {
          purpose: 'criminal_booking',
          subject: q.subject,
          custody: 'in_custody',
          offenseCode: worst.offense,
          charges: q.charges,
          convictions: q.convictions,
          flags: q.flags,
          fbiNumber: q.fbiNumber,
          aNumber: e.a_number,
          ori: q.ori,
          county: q.county,
          bookedAt: q.bookedAt,
          encounterIds: [hit.id],
        }),
      );
    },
  };
}

/** Enrols one encounter (border, visa, immigration benefit) with its prints. */
export async function enrolEncounter(node: AgencyNode, gallery: TenprintGallery, id: string, aNumber: string, kind: string, prints: FingerTemplate[]): Promise<void> {
  await node.command(async (tx, ctx) => {
    if (await tx.selectFrom('ident_encounter').select('id').where('id', '=', id).executeTakeFirst()) return;
    await tx.insertInto('ident_encounter').values({ id, a_number: aNumber, kind, prints: json.write(toWire(prints)) }).execute();
    ctx.provisional(() => gallery.enrol(id, prints), () => gallery.remove(id));
  });
}
