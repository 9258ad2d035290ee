import type { PolicyCase } from './case.ts';
import { decide } from './decide.ts';
import type { PolicyVersion, Rule } from './version-schema.ts';
import { policyById } from './versions.ts';

export interface PolicyDiff {
  a: string;
  b: string;
  rules: {
    onlyInA: string[];
    onlyInB: string[];
    /** Rules present in both (matched by the part of the id after the version) whose condition or action differ. */
    changed: { rule: string; a: { when: Rule['when']; action: string }; b: { when: Rule['when']; action: string } }[];
    trafficRule: { a: boolean; b: boolean };
  };
  cases: {
    total: number;
    changed: number;
    /** How many cases moved from one action to another, e.g. "detainer -> notify": 12. */
    transitions: Record<string, number>;
    changes: { caseId: string; a: string; b: string; reasonA: string; reasonB: string }[];
  };
}

/** Which rules differ between two versions, and which of the given cases change outcome. */
export function diffPolicies(aId: string, bId: string, cases: PolicyCase[]): PolicyDiff {
  const a = policyById(aId);
  const b = policyById(bId);
  const key = (v: PolicyVersion, r: Rule) => r.id.slice(v.id.length + 1);
  const ra = new Map(a.rules.map((r) => [key(a, r), r]));
  const rb = new Map(b.rules.map((r) => [key(b, r), r]));
  const changed: PolicyDiff['rules']['changed'] = [];
  for (const [k, r] of ra) {
    const o = rb.get(k);
    if (o && (JSON.stringify(o.when) !== JSON.stringify(r.when) || o.action !== r.action)) {
      changed.push({ rule: k, a: { when: r.when, action: r.action }, b: { when: o.when, action: o.action } });
    }
  }
  const transitions: Record<string, number> = {};
  const changes: PolicyDiff['cases']['changes'] = [];
  for (const c of cases) {
    const da = decide(c, { policyId: a.id });
    const db = decide(c, { policyId: b.id });
    if (da.action === db.action) continue;
    const t = `${da.action} -> ${db.action}`;
    transitions[t] = (transitions[t] ?? 0) + 1;
    changes.push({ caseId: c.caseId, a: da.action, b: db.action, reasonA: da.reasons.at(-1)!.id, reasonB: db.reasons.at(-1)!.id });
  }
  return {
    a: a.id,
    b: b.id,
    rules: {
      onlyInA: [...ra.keys()].filter((k) => !rb.has(k)),
      onlyInB: [...rb.keys()].filter((k) => !ra.has(k)),
      changed,
      trafficRule: { a: a.trafficRule, b: b.trafficRule },
    },
    cases: { total: cases.length, changed: changes.length, transitions, changes },
  };
}
