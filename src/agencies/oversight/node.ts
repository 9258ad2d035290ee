import type { Kysely } from 'kysely';
import type { Body } from '../../messages/index.ts';
import type { StatEvent } from '../../stats/events.ts';
import { insertEvents, statsMigrations, type StatsTables } from '../../stats/store.ts';
import type { NodeSpec } from '../runtime/node.ts';
import { appendAuditIn } from './audit.ts';
import { oversightMigrations } from './store.ts';

const kinds: Record<string, StatEvent['kind']> = { detainer: 'detainer', notify: 'notify', review: 'review', await_conviction: 'await_conviction', no_action: 'no_action' };

/**
 * The oversight node: every decision and detainer copied to it, and every IDENT search CJIS makes,
 * enter the tamper-evident audit chain; the same messages are the workflow's statistics events
 * (source 'network'): a booking and, where the county was active, a submission per search log; an
 * IDENT match and its action per case, counted at its first decision (a re-decision after a
 * disposition changes the case, not the count, as in the rollout simulation).
 */
export function oversightNode(): NodeSpec {
  return {
    address: 'oversight',
    migrations: [...oversightMigrations, ...statsMigrations],
    handle: async (tx, m) => {
      switch (m.type) {
        case 'decision': {
          const d = m.body as Body<'decision'>;
          await appendAuditIn(tx, { actor: m.from, action: `decision.${d.action}`, subject: m.tcn, reason: d.reasons.map((r) => r.id).join(', '), payload: d });
          if (await tx.selectFrom('oversight_stats_case').select('tcn').where('tcn', '=', m.tcn).executeTakeFirst()) return;
          await tx.insertInto('oversight_stats_case').values({ tcn: m.tcn }).execute();
          const base = { month: d.bookedAt.slice(0, 7), fips: d.county, state: d.ori.slice(0, 2), level: d.level ?? 0, convicted: d.convicted, count: 1 };
          const action = kinds[d.action];
          await insertEvents(tx as unknown as Kysely<StatsTables>, 'network', [{ ...base, kind: 'ident_match' }, ...(action ? [{ ...base, kind: action }] : [])]);
          return;
        }
        case 'detainer': {
          const d = m.body as Body<'detainer'>;
          await appendAuditIn(tx, { actor: m.from, action: `detainer.${d.state}`, subject: m.tcn, reason: d.reason, payload: d });
          return;
        }
        case 'search_log': {
          const s = m.body as Body<'search_log'>;
          const base = { month: s.bookedAt.slice(0, 7), fips: s.county, state: s.ori.slice(0, 2), level: 0, convicted: false, count: 1 };
          if (s.interoperability) await appendAuditIn(tx, { actor: m.from, action: 'access.ident_search', subject: m.tcn, reason: `booking in ${s.county} on ${s.bookedAt}`, payload: s });
          await insertEvents(tx as unknown as Kysely<StatsTables>, 'network', [{ ...base, kind: 'booking' }, ...(s.interoperability ? [{ ...base, kind: 'submission' as const }] : [])]);
          return;
        }
        default:
          throw new Error(`oversight does not take ${m.type} messages`);
      }
    },
  };
}

