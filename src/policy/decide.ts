import { offenseCategories, type PolicyCase, type Severity } from './case.ts';
import type { Action, Condition, LevelTable, PolicyVersion } from './version-schema.ts';
import { policyById, policyInForce, shippedPolicies } from './versions.ts';

export type Level = 1 | 2 | 3;

/** One step of a decision: the rule that applied and what it means in words. */
export interface Reason {
  id: string;
  text: string;
}

/**
 * A decision: pure function of the case and the policy version. `level` is ICE's offense level
 * (charge or conviction, most serious; null = non-criminal), `priority` the conviction-based
 * priority (null = no conviction), `reasons` every rule that applied, in order.
 */
export interface Decision {
  caseId: string;
  policy: string;
  level: Level | null;
  priority: Level | null;
  action: Action;
  reasons: Reason[];
  /** False only when the safeguards were switched off to replay history; the audit trail records it. */
  safeguards: boolean;
}

export interface DecideOptions {
  /** Decide under this version instead of the one in force on the booking date. */
  policyId?: string;
  /** Switch the safeguards off (replaying history only). Default true. */
  safeguards?: boolean;
}

const categoryBit = new Map<string, number>(offenseCategories.map((c, i) => [c, 1 << i]));

/** What the rules look at, computed in one pass over charges and convictions. */
interface Facts {
  level: Level | null;
  levelReason: Reason;
  priority: Level | null;
  aggravatedFelony: boolean;
  felonyConvictions: number;
  misdemeanorConvictions: number;
  felonyCharge: boolean;
  categories: number;
  convictionCategories: number;
  maxSentenceDays: number;
}

type CompiledRule = { id: string; text: string; action: Action; test: (c: PolicyCase, f: Facts) => boolean };

/** A version prepared for fast repeated decisions (lookup tables and closures built once). */
interface CompiledPolicy {
  version: PolicyVersion;
  levelOf: (offense: string, severity: Severity, sentenceDays: number | undefined, conviction: boolean) => Level | null;
  table: LevelTable;
  rules: CompiledRule[];
}

const compiled = new Map<string, CompiledPolicy>();

function compile(version: PolicyVersion): CompiledPolicy {
  const hit = compiled.get(version.id);
  if (hit) return hit;
  const table = shippedPolicies().tables.get(version.levelTable)!;
  const levelOf = (offense: string, severity: Severity, sentenceDays: number | undefined, conviction: boolean): Level | null => {
    if (severity === 'infraction') return null; // not a crime
    const row = table.categories[offense as keyof typeof table.categories];
    if (!row) return null;
    const over = row.convictionSentenceOverDays;
    if (conviction && over && (sentenceDays ?? 0) > over.days) return over.level;
    return row[severity];
  };
  const rules = version.rules.map((r) => ({ id: r.id, text: r.text, action: r.action, test: compileCondition(r.when) }));
  const c = { version, levelOf, table, rules };
  compiled.set(version.id, c);
  return c;
}

function compileCondition(w: Condition): (c: PolicyCase, f: Facts) => boolean {
  const tests: ((c: PolicyCase, f: Facts) => boolean)[] = [];
  if (w.status) {
    const s = new Set<string>(w.status);
    tests.push((c) => s.has(c.immigration.status));
  }
  if (w.level) {
    const s = new Set(w.level);
    tests.push((_, f) => s.has(f.level));
  }
  if (w.priority) {
    const s = new Set(w.priority);
    tests.push((_, f) => s.has(f.priority));
  }
  if (w.aggravatedFelony !== undefined) tests.push((_, f) => f.aggravatedFelony === w.aggravatedFelony);
  if (w.felonyConviction !== undefined) tests.push((_, f) => f.felonyConvictions > 0 === w.felonyConviction);
  if (w.felonyCharge !== undefined) tests.push((_, f) => f.felonyCharge === w.felonyCharge);
  if (w.misdemeanorConvictionsAtLeast !== undefined) tests.push((_, f) => f.misdemeanorConvictions >= w.misdemeanorConvictionsAtLeast!);
  if (w.categories) {
    const mask = w.categories.reduce((m, c) => m | categoryBit.get(c)!, 0);
    tests.push((_, f) => (f.categories & mask) !== 0);
  }
  if (w.convictionCategories) {
    const mask = w.convictionCategories.reduce((m, c) => m | categoryBit.get(c)!, 0);
    tests.push((_, f) => (f.convictionCategories & mask) !== 0);
  }
  if (w.convictionSentenceAtLeastDays !== undefined) tests.push((_, f) => f.maxSentenceDays >= w.convictionSentenceAtLeastDays!);
  return (c, f) => {
    for (const t of tests) if (!t(c, f)) return false;
    return true;
  };
}

function facts(p: CompiledPolicy, c: PolicyCase): Facts {
  let level: Level | null = null;
  let levelFrom: { offense: string; severity: string; kind: string } | null = null;
  let convictedLevel: Level | null = null;
  let aggravatedFelony = false;
  let felonyConvictions = 0;
  let misdemeanorConvictions = 0;
  let felonyCharge = false;
  let categories = 0;
  let convictionCategories = 0;
  let maxSentenceDays = 0;
  for (const ch of c.charges) {
    const l = p.levelOf(ch.offense, ch.severity, undefined, false);
    if (l !== null && (level === null || l < level)) (level = l), (levelFrom = { offense: ch.offense, severity: ch.severity, kind: 'charge' });
    if (ch.severity === 'felony') felonyCharge = true;
    if (ch.severity !== 'infraction') categories |= categoryBit.get(ch.offense)!;
  }
  for (const cv of c.convictions) {
    const l = p.levelOf(cv.offense, cv.severity, cv.sentenceDays, true);
    // On a tie the conviction is named: it is the firmer ground.
    if (l !== null && (level === null || l <= level)) (level = l), (levelFrom = { offense: cv.offense, severity: cv.severity, kind: 'conviction' });
    if (l !== null && (convictedLevel === null || l < convictedLevel)) convictedLevel = l;
    if (cv.severity === 'felony') {
      felonyConvictions++;
      if (l === 1) aggravatedFelony = true;
    } else if (cv.severity === 'misdemeanor') misdemeanorConvictions++;
    if (cv.severity !== 'infraction') {
      categories |= categoryBit.get(cv.offense)!;
      convictionCategories |= categoryBit.get(cv.offense)!;
    }
    if ((cv.sentenceDays ?? 0) > maxSentenceDays) maxSentenceDays = cv.sentenceDays!;
  }
  const priority: Level | null =
    aggravatedFelony || felonyConvictions >= 2 ? 1 : felonyConvictions >= 1 || misdemeanorConvictions >= 3 ? 2 : misdemeanorConvictions >= 1 ? 3 : null;
  const levelReason: Reason = levelFrom
    ? { id: `${p.table.id}.${levelFrom.offense}`, text: `Level ${level}: most serious offense is ${levelFrom.offense.replace(/_/g, ' ')} (${levelFrom.severity} ${levelFrom.kind}).` }
    : { id: 'level.none', text: 'No criminal charge or conviction on record: non-criminal (no level).' };
  return { level, levelReason, priority, aggravatedFelony, felonyConvictions, misdemeanorConvictions, felonyCharge, categories, convictionCategories, maxSentenceDays };
}

const PRIORITY_TEXT: Record<string, string> = {
  1: 'Priority 1: convicted of an aggravated felony or of two or more felonies.',
  2: 'Priority 2: convicted of a felony or of three or more misdemeanours.',
  3: 'Priority 3: convicted of a misdemeanour.',
  null: 'No conviction on record: no conviction-based priority.',
};

export const SAFEGUARD_RULES = {
  disabled: { id: 'safeguards.disabled', text: 'Safeguards switched off to replay history: this decision is not one scomm would make today.' },
  citizen: { id: 'safeguard.citizen', text: 'US citizen: not subject to immigration enforcement, no action.' },
  citizenshipClaim: { id: 'safeguard.citizenship-claim', text: 'Unresolved claim of US citizenship: a person must review before any action.' },
  juvenile: { id: 'safeguard.juvenile', text: 'Juvenile: never the subject of a detainer without human review.' },
  victimWitness: { id: 'safeguard.victim-witness', text: 'Victim or witness of the booking incident: never the subject of a detainer.' },
} as const;

const TRAFFIC_RULE: Reason = {
  id: 'traffic.await-conviction',
  text: 'Minor traffic rule (2012-04-27): a minor traffic charge alone with no conviction on record is not acted on until conviction.',
};

/** Decides one (validated) case. Pure: same case and version, same decision. Safe to call concurrently. */
export function decide(c: PolicyCase, opts: DecideOptions = {}): Decision {
  const version = opts.policyId ? policyById(opts.policyId) : policyInForce(c.bookedAt);
  const safeguards = opts.safeguards !== false;
  if (!version) {
    return {
      caseId: c.caseId, policy: 'none', level: null, priority: null, action: 'no_action', safeguards,
      reasons: [{ id: 'program.not-in-force', text: `Booked on ${c.bookedAt}, before the program's first version took effect: no action.` }],
    };
  }
  const p = compile(version);
  const f = facts(p, c);
  const reasons: Reason[] = [];
  if (!safeguards) reasons.push(SAFEGUARD_RULES.disabled);
  reasons.push(f.levelReason, { id: `priority.${f.priority ?? 'none'}`, text: PRIORITY_TEXT[String(f.priority)] });
  const done = (action: Action): Decision => ({ caseId: c.caseId, policy: version.id, level: f.level, priority: f.priority, action, reasons, safeguards });

  if (safeguards) {
    if (c.immigration.status === 'citizen') return reasons.push(SAFEGUARD_RULES.citizen), done('no_action');
    if (c.flags.claimsUsCitizenship) return reasons.push(SAFEGUARD_RULES.citizenshipClaim), done('review');
    if (c.flags.juvenile) return reasons.push(SAFEGUARD_RULES.juvenile), done('review');
  }
  let action: Action;
  if (version.trafficRule && isMinorTrafficOnly(c)) {
    reasons.push(TRAFFIC_RULE);
    action = 'await_conviction';
  } else {
    const rule = p.rules.find((r) => r.test(c, f)) ?? version.default;
    reasons.push({ id: rule.id, text: rule.text });
    action = rule.action;
  }
  if (safeguards && c.flags.victimOrWitness) {
    reasons.push(SAFEGUARD_RULES.victimWitness);
    if (action === 'detainer') action = 'review';
  }
  return done(action);
}

/** Every charge a traffic offense (DUI, hit and run, reckless driving with injury are other categories) that is not a felony, and no conviction. */
export function isMinorTrafficOnly(c: PolicyCase): boolean {
  if (c.charges.length === 0 || c.convictions.length > 0) return false;
  return c.charges.every((ch) => ch.offense === 'traffic' && ch.severity !== 'felony');
}
