import type { Kysely } from 'kysely';
import { InputError } from '../../errors.ts';
import { message, type Body } from '../../messages/index.ts';
import { parseTransaction } from '../../nist/index.ts';
import type { NodeSpec } from '../runtime/node.ts';
import { createTable } from '../runtime/tables.ts';

export interface SibConfig {
  state: string;
  /** Whether the state passes IDENT and ICE answers (IDR, IAR) on to its booking agencies. */
  passImmigrationAnswers: boolean;
}

/**
 * A State Identification Bureau: checks each CAR, forwards it to CJIS, keeps the state record (SID
 * per FBI number), and routes the answers back to the booking agency.
 */
export function sibNode(config: SibConfig): NodeSpec {
  const address = `sib:${config.state}`;
  return {
    address,
    migrations: [
      {
        name: 'sib-0001-state-records',
        up: async (db: Kysely<any>) => {
          await createTable(db, 'sib_submission', [['tcn', 'text', 'pk'], ['ori', 'text', 'notnull'], ['field_office', 'text']]);
          await createTable(db, 'sib_identity', [['fbi', 'text', 'pk'], ['sid', 'text', 'notnull']]);
        },
      },
      {
        // A new SID is the largest + 1: one read of this index, where counting the rows read them all per new person.
        name: 'sib-0002-sid-index',
        up: async (db: Kysely<any>) => {
          await db.schema.createIndex('sib_identity_sid').ifNotExists().on('sib_identity').column('sid').execute();
        },
      },
    ],
    handle: async (tx, m, ctx) => {
      const submission = () => tx.selectFrom('sib_submission').selectAll().where('tcn', '=', m.tcn).executeTakeFirstOrThrow();
      switch (m.type) {
        case 'car': {
          const car = m.body as Body<'car'>;
          await tx.insertInto('sib_submission').values({ tcn: m.tcn, ori: car.ori }).execute();
          const problem = checkCar(car, config.state);
          if (problem) {
            ctx.send(message('errt', m.tcn, address, m.from, { reason: problem }));
            return;
          }
          ctx.send(message('car', m.tcn, address, 'cjis', car));
          return;
        }
        case 'sre': {
          const sre = m.body as Body<'sre'>;
          const s = await submission();
          let row = await tx.selectFrom('sib_identity').select('sid').where('fbi', '=', sre.fbiNumber).executeTakeFirst();
          if (!row) {
            // SIDs are the state code and 8 digits, so the largest sorts last.
            const last = await tx.selectFrom('sib_identity').select((eb) => eb.fn.max('sid').as('sid')).executeTakeFirst();
            const next = last?.sid ? Number(String(last.sid).slice(config.state.length)) + 1 : 1;
            row = { sid: `${config.state}${String(next).padStart(8, '0')}` };
            await tx.insertInto('sib_identity').values({ fbi: sre.fbiNumber, sid: row.sid }).execute();
          }
          ctx.send(message('sre', m.tcn, address, `booking:${s.ori}`, { ...sre, sid: row.sid }));
          return;
        }
        case 'errt': {
          const s = await submission();
          ctx.send(message('errt', m.tcn, address, `booking:${s.ori}`, m.body as Body<'errt'>));
          return;
        }
        case 'idr':
        case 'iar': {
          const s = await submission();
          if (m.type === 'iar') await tx.updateTable('sib_submission').set({ field_office: (m.body as Body<'iar'>).fieldOffice }).where('tcn', '=', m.tcn).execute();
          if (config.passImmigrationAnswers) ctx.send(message(m.type, m.tcn, address, `booking:${s.ori}`, m.body as never));
          return;
        }
        case 'disposition': {
          const s = await submission();
          const d = m.body as Body<'disposition'>;
          ctx.send(message('disposition', m.tcn, address, 'cjis', d, `charge-${d.charge}`));
          if (s.field_office) ctx.send(message('disposition', m.tcn, address, `ero:${s.field_office}`, d, `charge-${d.charge}`));
          return;
        }
        default:
          throw new Error(`${address} does not take ${m.type} messages`);
      }
    },
  };
}

/** What is wrong with a CAR at the state's door, or null: its agency's state, and a readable CAR transaction. */
function checkCar(car: Body<'car'>, state: string): string | null {
  if (car.ori.slice(0, 2) !== state) return `ORI ${car.ori} is not an agency of ${state}`;
  if (!car.nist) return null;
  try {
    const t = parseTransaction(Buffer.from(car.nist, 'base64'), { file: 'CAR' });
    const first = t.records[0];
    const tot = first?.kind === 'tagged' ? first.fields.find((f) => f.number === 4)?.value : undefined;
    if (tot !== 'CAR') return `transaction type (1.004) is ${tot ?? 'missing'}, not CAR`;
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  return null;
}
