import type { Kysely } from 'kysely';
import { message, type Body } from '../../messages/index.ts';
import { immigrationStatuses } from '../../policy/case.ts';
import type { AgencyNode, NodeSpec } from '../runtime/node.ts';
import { createTable } from '../runtime/tables.ts';

export type ImmigrationStatus = (typeof immigrationStatuses)[number];

export interface LescConfig {
  /** The ERO field office (area of responsibility) that covers a state. */
  fieldOfficeOf: (state: string) => string;
}

/**
 * ICE's Law Enforcement Support Center: answers each IAQ with a status determination from the
 * immigration records (by A-number: removable, lawful permanent resident, or citizen, which a
 * naturalised person is although IDENT still holds their old encounters), sent as an IAR to the
 * field office covering the county and back through the state.
 */
export function lescNode(config: LescConfig): NodeSpec {
  const address = 'lesc';
  return {
    address,
    migrations: [
      {
        name: 'lesc-0001-status',
        up: async (db: Kysely<any>) => {
          await createTable(db, 'lesc_status', [['a_number', 'text', 'pk'], ['status', 'text', 'notnull']]);
          await createTable(db, 'lesc_query', [['tcn', 'text', 'pk'], ['status', 'text', 'notnull'], ['field_office', 'text', 'notnull']]);
        },
      },
    ],
    handle: async (tx, m, ctx) => {
      if (m.type !== 'iaq') throw new Error(`${address} does not take ${m.type} messages`);
      const q = m.body as Body<'iaq'>;
      const row = q.aNumber ? await tx.selectFrom('lesc_status').select('status').where('a_number', '=', q.aNumber).executeTakeFirst() : undefined;
      const status = (row?.status ?? 'unknown') as ImmigrationStatus;
      const fieldOffice = config.fieldOfficeOf(q.ori.slice(0, 2));
      await tx.insertInto('lesc_query').values({ tcn: m.tcn, status, field_office: fieldOffice }).execute();
      const { purpose: _purpose, ...rest } = q;
      const iar: Body<'iar'> = { ...rest, status, fieldOffice };
      ctx.send(message('iar', m.tcn, address, `ero:${fieldOffice}`, iar));
      ctx.send(message('iar', m.tcn, address, `sib:${q.ori.slice(0, 2)}`, iar));
    },
  };
}

/** Records a person's current status under their A-number (the immigration records LESC consults). */
export async function recordStatus(node: AgencyNode, aNumber: string, status: ImmigrationStatus): Promise<void> {
  await node.command(async (tx) => {
    if (await tx.selectFrom('lesc_status').select('a_number').where('a_number', '=', aNumber).executeTakeFirst()) return;
    await tx.insertInto('lesc_status').values({ a_number: aNumber, status }).execute();
  });
}
