import type { Kysely } from 'kysely';
import { message, type Body } from '../../messages/index.ts';
import { json, type AgencyNode, type NodeSpec } from '../runtime/node.ts';
import { createTable } from '../runtime/tables.ts';

export interface BookingConfig {
  ori: string;
  /** The jurisdiction declines detainers (a policy some counties adopted); they are recorded, not honored. */
  declinesDetainers: boolean;
}

/**
 * A booking agency (jail) by its ORI: books people, submits their prints (CAR) to its state, keeps
 * every answer that comes back (SRE, IDR and IAR when the state passes them on), holds or declines
 * detainers, and reports court dispositions.
 */
export function bookingNode(config: BookingConfig): NodeSpec {
  const address = `booking:${config.ori}`;
  return {
    address,
    migrations: [
      {
        name: 'booking-0001-bookings',
        up: async (db: Kysely<any>) => {
          await createTable(db, 'booking', [
            ['tcn', 'text', 'pk'],
            ['person_ref', 'text', 'notnull'],
            ['booked_at', 'text', 'notnull'],
            ['car', 'text', 'notnull'],
            ['sre', 'text'],
            ['errt', 'text'],
            ['idr', 'text'],
            ['iar', 'text'],
            ['detainer', 'text'],
            ['disposition', 'text'],
          ]);
        },
      },
    ],
    handle: async (tx, m, ctx) => {
      const set = (values: Record<string, unknown>) => tx.updateTable('booking').set(values).where('tcn', '=', m.tcn).execute();
      switch (m.type) {
        case 'sre':
        case 'errt':
        case 'idr':
        case 'iar':
          await set({ [m.type]: json.write(m.body) });
          return;
        case 'detainer': {
          const d = m.body as Body<'detainer'>;
          if (d.state !== 'issued') return;
          const state = config.declinesDetainers ? 'declined' : 'honored';
          await set({ detainer: state });
          ctx.send(message('detainer', m.tcn, address, m.from, { ...d, state }, state));
          return;
        }
        default:
          throw new Error(`${address} does not take ${m.type} messages`);
      }
    },
  };
}

/** Books a person: the booking and its CAR to the state in one transaction; the same TCN twice books once. */
export async function book(node: AgencyNode, tcn: string, personRef: string, car: Body<'car'>): Promise<void> {
  await bookAll(node, [{ tcn, personRef, car }]);
}

/**
 * Books several people at once (a jail's queue of livescan submissions sent together): the bookings
 * and their CARs in one transaction, in order; a TCN already booked, or twice in the list, books once.
 */
export async function bookAll(node: AgencyNode, bookings: readonly { tcn: string; personRef: string; car: Body<'car'> }[]): Promise<void> {
  await node.command(async (tx, ctx) => {
    const seen = new Set<string>();
    for (let k = 0; k < bookings.length; k += BOOK_CHUNK) {
      const tcns = bookings.slice(k, k + BOOK_CHUNK).map((b) => b.tcn);
      for (const r of await tx.selectFrom('booking').select('tcn').where('tcn', 'in', tcns).execute()) seen.add(r.tcn as string);
    }
    const fresh: typeof bookings[number][] = [];
    for (const b of bookings) {
      if (seen.has(b.tcn)) continue;
      seen.add(b.tcn);
      fresh.push(b);
    }
    for (let k = 0; k < fresh.length; k += BOOK_CHUNK) {
      const rows = fresh.slice(k, k + BOOK_CHUNK).map(({ tcn, personRef, car }) => ({ tcn, person_ref: personRef, booked_at: car.bookedAt, car: json.write({ ...car, nist: car.nist ? `${car.nist.length} base64 chars` : undefined }) }));
      await tx.insertInto('booking').values(rows).execute();
    }
    for (const { tcn, car } of fresh) ctx.send(message('car', tcn, node.address, `sib:${car.ori.slice(0, 2)}`, car));
  });
}

/** Bookings per statement of bookAll (four parameters each: well under the dialects' limits). */
const BOOK_CHUNK = 200;

/** Reports a court's disposition on one charge (once per TCN and charge). */
export async function reportDisposition(node: AgencyNode, tcn: string, d: Body<'disposition'>): Promise<void> {
  await node.command(async (tx, ctx) => {
    const row = await tx.selectFrom('booking').select(['disposition', 'car']).where('tcn', '=', tcn).executeTakeFirst();
    if (!row || row.disposition) return;
    await tx.updateTable('booking').set({ disposition: json.write(d) }).where('tcn', '=', tcn).execute();
    ctx.send(message('disposition', tcn, node.address, `sib:${node.address.slice(8, 10)}`, d, `charge-${d.charge}`));
  });
}

