import type { Body } from '../../messages/index.ts';
import type { NodeSpec } from '../runtime/node.ts';
import { appendAuditIn } from './audit.ts';
import { oversightMigrations } from './store.ts';

/** The oversight node: every decision and detainer copied to it enters the tamper-evident audit chain. */
export function oversightNode(): NodeSpec {
  return {
    address: 'oversight',
    migrations: oversightMigrations,
    handle: async (tx, m) => {
      switch (m.type) {
        case 'decision': {
          const d = m.body as Body<'decision'>;
          await appendAuditIn(tx, { actor: m.from, action: `decision.${d.action}`, subject: m.tcn, reason: d.reasons.map((r) => r.id).join(', '), payload: d });
          return;
        }
        case 'detainer': {
          const d = m.body as Body<'detainer'>;
          await appendAuditIn(tx, { actor: m.from, action: `detainer.${d.state}`, subject: m.tcn, reason: d.reason, payload: d });
          return;
        }
        default:
          throw new Error(`oversight does not take ${m.type} messages`);
      }
    },
  };
}
