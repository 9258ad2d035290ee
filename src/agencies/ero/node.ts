import type { Kysely, Transaction } from 'kysely';
import { message, type Body, type Envelope } from '../../messages/index.ts';
import { decide, reevaluate, type Decision, type PolicyCase } from '../../policy/index.ts';
import type { HandlerContext, NodeSpec } from '../runtime/node.ts';
import { json } from '../runtime/node.ts';
import { createTable } from '../runtime/tables.ts';
import { holdUntil } from './hold-clock.ts';
import { officerMigrations } from './officer-store.ts';

/** A decision's rules that kept a detainer from being issued: safeguards and the minor traffic rule. */
export function blockingRules(d: Decision): string[] {
  return d.reasons.map((r) => r.id).filter((id) => id.startsWith('safeguard.') || id === 'traffic.await-conviction');
}

/**
 * An ERO field office: one case per IAR, decided by the policy version in force on the booking date
 * (level, priority, action, and the reasons in words); a detainer when the decision says so, with
 * its 48-hour hold clock; the case decided again when a disposition arrives (in either order: a
 * disposition that comes first waits for its case). Every decision and detainer is copied to
 * oversight.
 */
export function eroNode(fieldOffice: string): NodeSpec {
  const address = `ero:${fieldOffice}`;
  return {
    address,
    migrations: [
      {
        name: 'ero-0001-cases',
        up: async (db: Kysely<any>) => {
          await createTable(db, 'ero_case', [
            ['tcn', 'text', 'pk'],
            ['ori', 'text', 'notnull'],
            ['county', 'text', 'notnull'],
            ['policy_case', 'text', 'notnull'],
            ['decision', 'text', 'notnull'],
            ['level', 'integer'],
            ['action', 'text', 'notnull'],
            ['detainer', 'text'],
            ['hold_until', 'text'],
          ]);
          await createTable(db, 'ero_pending_disposition', [['id', 'text', 'pk'], ['tcn', 'text', 'notnull'], ['disposition', 'text', 'notnull']]);
        },
      },
      ...officerMigrations,
    ],
    handle: async (tx, m, ctx) => {
      switch (m.type) {
        case 'iar': {
          const iar = m.body as Body<'iar'>;
          let c: PolicyCase = {
            caseId: m.tcn,
            bookedAt: iar.bookedAt,
            charges: iar.charges,
            convictions: iar.convictions,
            immigration: { status: iar.status },
            flags: iar.flags,
          };
          let decision = decide(c);
          const pending = await tx.selectFrom('ero_pending_disposition').select(['id', 'disposition']).where('tcn', '=', m.tcn).orderBy('id').execute();
          for (const p of pending) ({ case: c, decision } = reevaluate(c, JSON.parse(p.disposition)));
          await tx.insertInto('ero_case').values({ tcn: m.tcn, ori: iar.ori, county: iar.county, policy_case: json.write(c), decision: json.write(decision), level: decision.level, action: decision.action }).execute();
          await tx.deleteFrom('ero_pending_disposition').where('tcn', '=', m.tcn).execute();
          await act(tx, ctx, m, address, fieldOffice, iar.ori, iar.county, c, decision, null);
          return;
        }
        case 'disposition': {
          const d = m.body as Body<'disposition'>;
          const row = await tx.selectFrom('ero_case').selectAll().where('tcn', '=', m.tcn).executeTakeFirst();
          if (!row) {
            await tx.insertInto('ero_pending_disposition').values({ id: m.id, tcn: m.tcn, disposition: json.write(d) }).execute();
            return;
          }
          const { case: c, decision } = reevaluate(JSON.parse(row.policy_case), d);
          await tx.updateTable('ero_case').set({ policy_case: json.write(c), decision: json.write(decision), level: decision.level, action: decision.action }).where('tcn', '=', m.tcn).execute();
          await act(tx, ctx, m, address, fieldOffice, row.ori, row.county, c, decision, row.detainer);
          return;
        }
        case 'detainer': {
          const d = m.body as Body<'detainer'>;
          await tx.updateTable('ero_case').set({ detainer: d.state }).where('tcn', '=', m.tcn).execute();
          ctx.send(message('detainer', m.tcn, address, 'oversight', d, d.state));
          return;
        }
        default:
          throw new Error(`${address} does not take ${m.type} messages`);
      }
    },
  };
}

/** Copies the decision to oversight and issues a detainer when it calls for one and none was issued. `m` names the booking (tcn) and what caused the decision (id). */
export async function act(tx: Transaction<any>, ctx: HandlerContext, m: Pick<Envelope, 'tcn' | 'id'>, address: string, fieldOffice: string, ori: string, county: string, c: PolicyCase, decision: Decision, detainer: string | null): Promise<void> {
  const status = decision.action === 'detainer' && !detainer ? 'detainer_issued' : 'decided';
  ctx.send(
    message('decision', m.tcn, address, 'oversight', {
      caseId: decision.caseId,
      policy: decision.policy,
      level: decision.level,
      action: decision.action,
      reasons: decision.reasons,
      county,
      fieldOffice,
      status,
      ori,
      bookedAt: c.bookedAt,
      convicted: c.convictions.length > 0,
    }, m.id),
  );
  if (status !== 'detainer_issued') return;
  const issuedAt = new Date().toISOString();
  const hold = holdUntil(issuedAt);
  await tx.updateTable('ero_case').set({ detainer: 'issued', hold_until: hold }).where('tcn', '=', m.tcn).execute();
  const body: Body<'detainer'> = { state: 'issued', fieldOffice, ori, issuedAt: issuedAt.slice(0, 10), holdUntil: hold, reason: decision.reasons.map((r) => r.id).join(', ') };
  ctx.send(message('detainer', m.tcn, address, `booking:${ori}`, body, 'issued'));
  ctx.send(message('detainer', m.tcn, address, 'oversight', body, 'issued'));
}
