import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { decide, diffPolicies, parseCase, policyInForce, reevaluate, shippedPolicies } from '../src/policy/index.ts';
import { runScomm } from './support/cli.ts';

const victim = parseCase({ caseId: 'v', bookedAt: '2009-05-01', charges: [], immigration: { status: 'removable' }, flags: { victimOrWitness: true } }, 0);

test('every shipped version exists with its documents, in date order', () => {
  const ids = shippedPolicies().versions.map((v) => v.id);
  assert.deepEqual(ids, ['2008-10', '2011-06', '2012-04', '2012-12', '2014-11']);
  for (const v of shippedPolicies().versions) assert.ok(v.documents.length > 0 && v.rules.length > 0, v.id);
  assert.equal(policyInForce('2012-04-26')?.id, '2011-06');
  assert.equal(policyInForce('2012-04-27')?.id, '2012-04');
  assert.equal(policyInForce('2008-10-26'), null);
});

test('--no-safeguards replays history and says so in the decision', () => {
  const on = decide(victim);
  const off = decide(victim, { safeguards: false });
  assert.equal(on.action, 'review');
  assert.equal(off.action, 'detainer');
  assert.equal(off.safeguards, false);
  assert.equal(off.reasons[0].id, 'safeguards.disabled');
});

test('a conviction on a traffic charge held by the minor traffic rule re-decides the case', () => {
  const c = parseCase({ caseId: 't', bookedAt: '2012-09-01', charges: [{ offense: 'traffic', severity: 'misdemeanor' }], immigration: { status: 'removable' } }, 0);
  assert.equal(decide(c).action, 'await_conviction');
  const convicted = reevaluate(c, { charge: 0, outcome: 'convicted', date: '2012-11-01', sentenceDays: 5 });
  assert.equal(convicted.decision.action, 'detainer');
  assert.equal(convicted.decision.priority, 3);
  const dismissed = reevaluate(c, { charge: 0, outcome: 'dismissed', date: '2012-11-01' });
  assert.equal(dismissed.decision.level, null);
  assert.equal(dismissed.decision.action, 'notify');
});

test('diff names the traffic rule and the cases that change', () => {
  const c = parseCase({ caseId: 't', bookedAt: '2012-09-01', charges: [{ offense: 'traffic', severity: 'misdemeanor' }], immigration: { status: 'removable' } }, 0);
  const d = diffPolicies('2011-06', '2012-04', [c, victim]);
  assert.deepEqual(d.rules.trafficRule, { a: false, b: true });
  assert.equal(d.cases.changed, 1);
  assert.deepEqual(d.cases.transitions, { 'notify -> await_conviction': 1 });
});

test('CLI: bad input names the case and field, exit 2; --keep-going decides the rest', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomm-policy-'));
  const file = path.join(dir, 'cases.json');
  writeFileSync(
    file,
    JSON.stringify([
      { caseId: 'good', bookedAt: '2010-01-05', charges: [{ offense: 'robbery', severity: 'felony' }], immigration: { status: 'removable' } },
      { caseId: 'bad-offense', bookedAt: '2010-01-05', charges: [{ offense: 'jaywalking', severity: 'misdemeanor' }], immigration: { status: 'removable' } },
      { caseId: 'bad-date', bookedAt: '2010-02-30x', immigration: { status: 'removable' } },
    ]),
  );
  const strict = runScomm(['policy', 'evaluate', file, '--json']);
  assert.equal(strict.code, 2);
  assert.match(strict.stderr, /^error: case bad-offense: charges\.0\.offense: must be one of/);
  assert.equal(strict.stdout, '');
  const lenient = runScomm(['policy', 'evaluate', file, '--json', '--keep-going']);
  assert.equal(lenient.code, 2);
  const out = JSON.parse(lenient.stdout);
  assert.deepEqual(out.results.map((r: { caseId: string; action: string }) => [r.caseId, r.action]), [['good', 'detainer']]);
  assert.deepEqual(out.errors.map((e: { caseId: string }) => e.caseId), ['bad-offense', 'bad-date']);
  const unknown = runScomm(['policy', 'evaluate', file, '--policy', '1999-01']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown policy '1999-01'/);
});

test('CLI: list and show', () => {
  const list = JSON.parse(runScomm(['policy', 'list', '--json']).stdout);
  assert.equal(list.versions.length, 5);
  const show = runScomm(['policy', 'show', '2012-04']);
  assert.equal(show.code, 0);
  assert.match(show.stdout, /minor traffic rule: yes/);
});
