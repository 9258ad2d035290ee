import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, parseCase, type Decision } from '../src/policy/index.ts';

type Sev = 'felony' | 'misdemeanor' | 'infraction';
interface Spec {
  id: string;
  at: string;
  charges?: [string, Sev][];
  convictions?: [string, Sev, number?][];
  status?: 'removable' | 'lpr' | 'citizen' | 'unknown';
  victim?: boolean;
  claim?: boolean;
  juvenile?: boolean;
  policy?: string;
  expect: { policy?: string; level?: number | null; priority?: number | null; action: Decision['action']; reason?: string };
  /** The published rule the expectation comes from. */
  rule: string;
}

function build(s: Spec) {
  return parseCase(
    {
      caseId: s.id,
      bookedAt: s.at,
      charges: (s.charges ?? []).map(([offense, severity]) => ({ offense, severity })),
      convictions: (s.convictions ?? []).map(([offense, severity, sentenceDays]) => ({ offense, severity, date: '2005-01-10', sentenceDays })),
      immigration: { status: s.status ?? 'removable' },
      flags: { victimOrWitness: !!s.victim, claimsUsCitizenship: !!s.claim, juvenile: !!s.juvenile },
    },
    0,
  );
}

const cases: Spec[] = [
  // --- Offense levels by category (ICE 2008 levels, DESIGN.md "Policy model"): most serious offense counts.
  { id: 'lvl-homicide', at: '2009-05-01', charges: [['homicide', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: homicide' },
  { id: 'lvl-kidnapping', at: '2009-05-01', charges: [['kidnapping', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: kidnapping' },
  { id: 'lvl-sexual-assault', at: '2009-05-01', charges: [['sexual_assault', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: sexual assault' },
  { id: 'lvl-robbery', at: '2009-05-01', charges: [['robbery', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: robbery' },
  { id: 'lvl-agg-assault', at: '2009-05-01', charges: [['aggravated_assault', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: aggravated assault' },
  { id: 'lvl-weapons', at: '2009-05-01', charges: [['weapons', 'misdemeanor']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: weapons, by category' },
  { id: 'lvl-sex-offense', at: '2009-05-01', charges: [['sex_offense', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: sex offenses' },
  { id: 'lvl-child-cruelty', at: '2009-05-01', charges: [['child_cruelty', 'misdemeanor']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: cruelty toward child' },
  { id: 'lvl-dv', at: '2009-05-01', charges: [['domestic_violence', 'misdemeanor']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: cruelty toward spouse' },
  { id: 'lvl-hit-run', at: '2009-05-01', charges: [['hit_and_run_injury', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'Level 1: hit and run involving injury' },
  { id: 'lvl-drugs-long', at: '2009-05-01', convictions: [['drugs', 'felony', 730]], expect: { level: 1, priority: 1, action: 'detainer' }, rule: 'Level 1: dangerous drugs with a sentence over one year' },
  { id: 'lvl-drugs-short', at: '2009-05-01', convictions: [['drugs', 'felony', 200]], expect: { level: 2, priority: 2, action: 'detainer' }, rule: 'Level 2: drug offense without a sentence over one year' },
  { id: 'lvl-drugs-charge', at: '2009-05-01', charges: [['drugs', 'felony']], expect: { level: 2, priority: null, action: 'detainer' }, rule: 'Level 2: a drug charge has no sentence yet' },
  { id: 'lvl-burglary', at: '2009-05-01', charges: [['burglary', 'felony']], expect: { level: 2, action: 'detainer' }, rule: 'Level 2: property crimes (burglary)' },
  { id: 'lvl-larceny', at: '2009-05-01', charges: [['larceny', 'misdemeanor']], expect: { level: 2, action: 'detainer' }, rule: 'Level 2: property crimes (larceny)' },
  { id: 'lvl-fraud', at: '2009-05-01', charges: [['fraud', 'felony']], expect: { level: 2, action: 'detainer' }, rule: 'Level 2: property crimes (fraud)' },
  { id: 'lvl-other-felony', at: '2009-05-01', charges: [['other', 'felony']], expect: { level: 2, action: 'detainer' }, rule: 'Level 2: other felonies' },
  { id: 'lvl-dui', at: '2009-05-01', charges: [['dui', 'misdemeanor']], expect: { level: 3, action: 'detainer' }, rule: 'Level 3: misdemeanours' },
  { id: 'lvl-traffic', at: '2009-05-01', charges: [['traffic', 'misdemeanor']], expect: { level: 3, action: 'detainer' }, rule: 'Level 3: traffic offenses; before 2012-04-27 no traffic rule' },
  { id: 'lvl-petty', at: '2009-05-01', charges: [['petty', 'misdemeanor']], expect: { level: 3, action: 'detainer' }, rule: 'Level 3: misdemeanours' },
  { id: 'lvl-immigration-misd', at: '2009-05-01', charges: [['immigration', 'misdemeanor']], expect: { level: 3, action: 'detainer' }, rule: 'Level 3: misdemeanours' },
  { id: 'lvl-infraction', at: '2009-05-01', charges: [['traffic', 'infraction']], expect: { level: null, action: 'detainer' }, rule: 'an infraction is not a crime: non-criminal; 2008-10 acted on every removable match' },
  { id: 'lvl-most-serious', at: '2009-05-01', charges: [['petty', 'misdemeanor'], ['robbery', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'the most serious offense counts' },
  { id: 'lvl-conviction-counts', at: '2009-05-01', charges: [['petty', 'misdemeanor']], convictions: [['burglary', 'felony', 100]], expect: { level: 2, priority: 2, action: 'detainer' }, rule: 'level by charge or conviction' },

  // --- Priorities (June 2010 / March 2011 memos, conviction based).
  { id: 'pri-agg-felony', at: '2011-08-01', convictions: [['robbery', 'felony', 900]], expect: { priority: 1, action: 'detainer', reason: '2011-06.priority1' }, rule: 'Priority 1: aggravated felony' },
  { id: 'pri-two-felonies', at: '2011-08-01', convictions: [['burglary', 'felony', 100], ['fraud', 'felony', 100]], expect: { priority: 1, action: 'detainer' }, rule: 'Priority 1: two or more felonies' },
  { id: 'pri-one-felony', at: '2011-08-01', convictions: [['larceny', 'felony', 100]], expect: { priority: 2, action: 'detainer', reason: '2011-06.priority2' }, rule: 'Priority 2: any felony' },
  { id: 'pri-three-misd', at: '2011-08-01', convictions: [['petty', 'misdemeanor'], ['petty', 'misdemeanor'], ['dui', 'misdemeanor']], expect: { priority: 2, action: 'detainer' }, rule: 'Priority 2: three or more misdemeanours' },
  { id: 'pri-one-misd', at: '2011-08-01', convictions: [['petty', 'misdemeanor']], expect: { priority: 3, action: 'detainer', reason: '2011-06.priority3' }, rule: 'Priority 3: a misdemeanour' },
  { id: 'pri-misd-dv-not-agg', at: '2011-08-01', convictions: [['domestic_violence', 'misdemeanor']], expect: { level: 1, priority: 3, action: 'detainer' }, rule: 'a Level 1 misdemeanour is not an aggravated felony' },
  { id: 'pri-charged-l1', at: '2011-08-01', charges: [['homicide', 'felony']], expect: { priority: null, action: 'detainer', reason: '2011-06.charged-level1' }, rule: 'charged with a Level 1 offense: a priority' },
  { id: 'pri-charged-l2-discretion', at: '2011-08-01', charges: [['burglary', 'felony']], expect: { priority: null, action: 'notify', reason: '2011-06.discretion' }, rule: 'June 2011 prosecutorial discretion' },

  // --- No record under each version.
  { id: 'none-2008', at: '2009-01-15', expect: { policy: '2008-10', level: null, action: 'detainer', reason: '2008-10.non-criminal' }, rule: '2008-10 launch: identify all' },
  { id: 'none-2011', at: '2011-07-01', expect: { policy: '2011-06', level: null, action: 'notify' }, rule: '2011-06 discretion' },
  { id: 'none-2012-04', at: '2012-05-01', expect: { policy: '2012-04', level: null, action: 'notify' }, rule: '2012-04 keeps 2011 priorities' },
  { id: 'none-2012-12', at: '2013-02-01', expect: { policy: '2012-12', level: null, action: 'no_action' }, rule: 'Dec 2012 detainer criteria: none met' },
  { id: 'none-2014', at: '2015-01-01', expect: { policy: '2014-11', level: null, action: 'no_action' }, rule: 'PEP: not a priority' },
  { id: 'before-launch', at: '2008-01-01', expect: { policy: 'none', action: 'no_action', reason: 'program.not-in-force' }, rule: 'no version in force before 2008-10-27' },

  // --- Minor traffic rule (2012-04-27) on both sides of its date.
  { id: 'traffic-before', at: '2012-04-26', charges: [['traffic', 'misdemeanor']], expect: { policy: '2011-06', action: 'notify' }, rule: 'before the rule: discretion' },
  { id: 'traffic-on-date', at: '2012-04-27', charges: [['traffic', 'misdemeanor']], expect: { policy: '2012-04', action: 'await_conviction', reason: 'traffic.await-conviction' }, rule: 'minor traffic rule from 2012-04-27' },
  { id: 'traffic-after', at: '2012-09-01', charges: [['traffic', 'misdemeanor'], ['traffic', 'infraction']], expect: { action: 'await_conviction' }, rule: 'every charge traffic' },
  { id: 'traffic-2013', at: '2013-03-01', charges: [['traffic', 'misdemeanor']], expect: { policy: '2012-12', action: 'await_conviction' }, rule: 'rule kept by later versions' },
  { id: 'traffic-with-record', at: '2012-09-01', charges: [['traffic', 'misdemeanor']], convictions: [['petty', 'misdemeanor']], expect: { action: 'detainer', reason: '2012-04.priority3' }, rule: 'rule only with an otherwise clean record' },
  { id: 'traffic-plus-other', at: '2012-09-01', charges: [['traffic', 'misdemeanor'], ['larceny', 'misdemeanor']], expect: { action: 'notify' }, rule: 'rule only when every charge is traffic' },
  { id: 'dui-excluded', at: '2012-09-01', charges: [['dui', 'misdemeanor']], expect: { level: 3, action: 'notify' }, rule: 'DUI is excluded from the traffic rule' },
  { id: 'hit-run-excluded', at: '2012-09-01', charges: [['hit_and_run_injury', 'felony']], expect: { level: 1, action: 'detainer' }, rule: 'hit and run excluded from the traffic rule' },
  { id: 'reckless-excluded', at: '2012-09-01', charges: [['reckless_driving_injury', 'misdemeanor']], expect: { level: 3, action: 'notify' }, rule: 'reckless driving with injury excluded' },
  { id: 'traffic-felony', at: '2012-09-01', charges: [['traffic', 'felony']], expect: { level: 2, action: 'notify' }, rule: 'a felony traffic charge is not minor' },
  { id: 'traffic-named-old', at: '2012-09-01', policy: '2011-06', charges: [['traffic', 'misdemeanor']], expect: { policy: '2011-06', action: 'notify' }, rule: 'a named version without the rule' },

  // --- Safeguards (every shipped version).
  { id: 'victim-no-charges', at: '2011-08-01', victim: true, expect: { level: null, action: 'notify', reason: 'safeguard.victim-witness' }, rule: 'victim/witness never a detainer' },
  { id: 'victim-2008', at: '2009-05-01', victim: true, expect: { action: 'review', reason: 'safeguard.victim-witness' }, rule: 'victim/witness: detainer replaced by review' },
  { id: 'victim-with-l1', at: '2011-08-01', victim: true, convictions: [['robbery', 'felony', 900]], expect: { action: 'review' }, rule: 'victim/witness never a detainer, even with a record' },
  { id: 'witness-2014', at: '2015-03-01', victim: true, convictions: [['robbery', 'felony', 900]], expect: { action: 'review' }, rule: 'victim/witness under PEP' },
  { id: 'claim-citizen', at: '2010-03-01', claim: true, charges: [['robbery', 'felony']], expect: { action: 'review', reason: 'safeguard.citizenship-claim' }, rule: 'unresolved citizenship claim: review' },
  { id: 'claim-2013', at: '2013-03-01', claim: true, expect: { action: 'review' }, rule: 'citizenship claim in every version' },
  { id: 'juvenile', at: '2010-03-01', juvenile: true, charges: [['robbery', 'felony']], expect: { action: 'review', reason: 'safeguard.juvenile' }, rule: 'juvenile: review' },
  { id: 'juvenile-traffic', at: '2012-09-01', juvenile: true, charges: [['traffic', 'misdemeanor']], expect: { action: 'review' }, rule: 'juvenile review comes before the traffic rule' },
  { id: 'citizen', at: '2010-03-01', status: 'citizen', convictions: [['homicide', 'felony', 5000]], expect: { level: 1, action: 'no_action', reason: 'safeguard.citizen' }, rule: 'a citizen is no_action' },
  { id: 'citizen-2014', at: '2015-03-01', status: 'citizen', expect: { action: 'no_action' }, rule: 'a citizen is no_action' },

  // --- Status.
  { id: 'lpr-agg', at: '2010-03-01', status: 'lpr', convictions: [['robbery', 'felony', 900]], expect: { action: 'detainer', reason: '2008-10.lpr-deportable' }, rule: 'LPR with an aggravated felony is removable' },
  { id: 'lpr-minor', at: '2010-03-01', status: 'lpr', convictions: [['petty', 'misdemeanor']], expect: { action: 'no_action', reason: '2008-10.lpr-not-deportable' }, rule: 'LPR not removable on this record' },
  { id: 'unknown-status', at: '2010-03-01', status: 'unknown', charges: [['robbery', 'felony']], expect: { action: 'review', reason: '2008-10.status-unknown' }, rule: 'status not determined: review' },

  // --- December 2012 detainer criteria.
  { id: 'dec12-felony-conv', at: '2013-02-01', convictions: [['larceny', 'felony', 100]], expect: { action: 'detainer', reason: '2012-12.felony-conviction' }, rule: 'prior felony conviction' },
  { id: 'dec12-felony-charge', at: '2013-02-01', charges: [['burglary', 'felony']], expect: { action: 'detainer', reason: '2012-12.felony-charge' }, rule: 'pending felony charge' },
  { id: 'dec12-three-misd', at: '2013-02-01', convictions: [['petty', 'misdemeanor'], ['petty', 'misdemeanor'], ['larceny', 'misdemeanor']], expect: { action: 'detainer', reason: '2012-12.three-misdemeanors' }, rule: 'three misdemeanours' },
  { id: 'dec12-dui', at: '2013-02-01', charges: [['dui', 'misdemeanor']], expect: { action: 'detainer', reason: '2012-12.serious-misdemeanor' }, rule: 'a DUI misdemeanour' },
  { id: 'dec12-petty', at: '2013-02-01', charges: [['petty', 'misdemeanor']], expect: { action: 'notify', reason: '2012-12.minor-offender' }, rule: 'no criterion: no detainer' },

  // --- Priority Enforcement Program (2014-11): conviction based, notification rather than detainer.
  { id: 'pep-agg', at: '2015-03-01', convictions: [['robbery', 'felony', 900]], expect: { action: 'detainer', reason: '2014-11.aggravated-felony' }, rule: 'P1(c) aggravated felony' },
  { id: 'pep-felony', at: '2015-03-01', convictions: [['burglary', 'felony', 100]], expect: { action: 'notify', reason: '2014-11.felony-conviction' }, rule: 'P1(d) felony: notification' },
  { id: 'pep-dui', at: '2015-03-01', convictions: [['dui', 'misdemeanor', 2]], expect: { action: 'notify', reason: '2014-11.significant-misdemeanor' }, rule: 'P2(b) significant misdemeanour' },
  { id: 'pep-90-days', at: '2015-03-01', convictions: [['petty', 'misdemeanor', 120]], expect: { action: 'notify', reason: '2014-11.custodial-sentence' }, rule: 'P2(b) 90 days in custody' },
  { id: 'pep-charge-only', at: '2015-03-01', charges: [['robbery', 'felony']], expect: { level: 1, priority: null, action: 'no_action', reason: '2014-11.not-a-priority' }, rule: 'PEP is conviction based' },
  { id: 'pep-one-petty', at: '2015-03-01', convictions: [['petty', 'misdemeanor', 5]], expect: { action: 'no_action' }, rule: 'a minor misdemeanour is not a PEP priority' },
];

describe('policy decisions from the published rules', () => {
  test('the table has at least 60 cases with unique ids', () => {
    assert.ok(cases.length >= 60, `${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => c.id)).size, cases.length);
  });
  for (const s of cases) {
    test(`${s.id}: ${s.rule}`, () => {
      const d = decide(build(s), { policyId: s.policy });
      const e = s.expect;
      assert.equal(d.action, e.action, `action (${d.reasons.map((r) => r.id).join(' > ')})`);
      if (e.policy !== undefined) assert.equal(d.policy, e.policy, 'policy');
      if (e.level !== undefined) assert.equal(d.level, e.level, 'level');
      if (e.priority !== undefined) assert.equal(d.priority, e.priority, 'priority');
      if (e.reason) assert.ok(d.reasons.some((r) => r.id === e.reason), `reason ${e.reason} in ${d.reasons.map((r) => r.id)}`);
      assert.ok(d.reasons.length >= 1 && d.reasons.every((r) => r.id && r.text), 'every decision explains itself');
      assert.equal(d.safeguards, true);
    });
  }
});
