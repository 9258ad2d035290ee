import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyAudit } from '../src/agencies/oversight/index.ts';
import { auth, enrolInIdent, startTestServer, tenprintCar, type TestServer } from './support/server.ts';

/**
 * The API end to end over the in-memory network: a tenprint CAR submitted over HTTP travels
 * booking -> SIB -> CJIS -> IDENT -> LESC -> ERO and back; the field office works the case; every
 * access is in the audit chain; bad input gets 400 naming where, oversized 413, a repeated TCN 409.
 */
let s: TestServer;
let car1: Uint8Array;
const ORI = 'TX4820100';
const SUBJECT = 9201;
const bodyOf = (bytes: Uint8Array) => ({ method: 'POST' as const, payload: Buffer.from(bytes), headers: { 'content-type': 'application/octet-stream' } });
const errorBodies: string[] = [];
const call = async (o: { url: string; method?: 'GET' | 'POST'; payload?: unknown; headers?: Record<string, string> }) => {
  const r = await s.app.inject(o as never);
  if (r.statusCode >= 400) errorBodies.push(r.body);
  return r;
};

before(async () => {
  s = await startTestServer();
  await enrolInIdent(s.ctx, SUBJECT, 'A209900001', 'removable');
  car1 = tenprintCar({ tcn: 'HTTP-API-1', ori: ORI, subjectSeed: SUBJECT });
});
after(() => s?.close());

test('a CAR file submitted over HTTP travels through every node and its answers come back (SRE, IDR match, IAR)', async () => {
  const r = await call({ url: '/api/bookings', ...bodyOf(car1), headers: { 'content-type': 'application/octet-stream', ...auth(s.tokens.booking_officer), 'x-scomm-purpose': 'booking of a test arrest' } });
  assert.equal(r.statusCode, 202, r.body);
  assert.deepEqual(r.json(), { tcn: 'HTTP-API-1', county: '48201', answers: '/api/bookings/HTTP-API-1' });
  await s.ctx.network.drain();
  const b = (await call({ url: '/api/bookings/HTTP-API-1', headers: auth(s.tokens.booking_officer) })).json();
  assert.equal(b.status, 'answered');
  assert.equal((b.sre as { interoperability: boolean }).interoperability, true, 'Harris County was activated in 2008');
  assert.equal((b.idr as { match: boolean }).match, true, 'IDENT matched the enrolled encounter');
  assert.equal((b.iar as { status: string; fieldOffice: string }).status, 'removable');
  assert.equal((b.iar as { fieldOffice: string }).fieldOffice, 'HOU');
});

test('the same TCN again is 409; a CAR of another agency is 403; another agency never sees the booking (404)', async () => {
  const again = await call({ url: '/api/bookings', ...bodyOf(car1), headers: { 'content-type': 'application/octet-stream', ...auth(s.tokens.booking_officer) } });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error, 'duplicate_tcn');
  const dallas = await s.token('booking_officer', { ori: 'TX4811300' });
  const foreign = await call({ url: '/api/bookings', ...bodyOf(car1), headers: { 'content-type': 'application/octet-stream', ...auth(dallas) } });
  assert.equal(foreign.statusCode, 403);
  assert.equal((await call({ url: '/api/bookings/HTTP-API-1', headers: auth(dallas) })).statusCode, 404);
  const list = (await call({ url: '/api/bookings', headers: auth(dallas) })).json();
  assert.deepEqual(list.bookings, []);
});

test('bad input is 400 naming where; a file that is not ANSI/NIST is 400; never a stack trace', async () => {
  const month = await call({ url: '/api/public/stats?month=2012-13' });
  assert.equal(month.statusCode, 400);
  assert.equal(month.json().path, 'querystring.month');
  const garbage = await call({ url: '/api/bookings', ...bodyOf(new TextEncoder().encode('not a transaction')), headers: { 'content-type': 'application/octet-stream', ...auth(s.tokens.booking_officer) } });
  assert.equal(garbage.statusCode, 400);
  const json = await call({ url: '/api/bookings', method: 'POST', payload: { car: { tcn: 'X1' }, images: [] }, headers: auth(s.tokens.booking_officer) });
  assert.equal(json.statusCode, 400);
  assert.match(json.json().path, /^body\.car\./);
  const decision = await call({ url: '/api/ero/cases/HTTP-API-1/decision', method: 'POST', payload: { action: 'deport', reason: 'x' }, headers: auth(s.tokens.ero_officer) });
  assert.equal(decision.statusCode, 400);
  assert.equal(decision.json().path, 'body.action');
  const brokenJson = await call({ url: '/api/session', method: 'POST', payload: '{"token":', headers: { 'content-type': 'application/json' } });
  assert.equal(brokenJson.statusCode, 400);
  assert.equal((await call({ url: '/api/nothing-here' })).statusCode, 404);
});

test('an upload over the limit is 413', async () => {
  const small = await startTestServer({ limits: { uploadBytes: 64 * 1024 } });
  try {
    assert.ok(car1.length > 64 * 1024, `the CAR is ${car1.length} bytes`);
    const r = await small.app.inject({ url: '/api/bookings', ...bodyOf(car1), headers: { 'content-type': 'application/octet-stream', ...auth(small.tokens.booking_officer) } });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().error, 'payload_too_large');
    errorBodies.push(r.body);
  } finally {
    await small.close();
  }
});

test('case queue: 401 without a token, 403 for a booking officer, 200 for the field office with the explanation, in priority order', async () => {
  assert.equal((await call({ url: '/api/ero/cases' })).statusCode, 401);
  assert.equal((await call({ url: '/api/ero/cases', headers: auth(s.tokens.booking_officer) })).statusCode, 403);
  const r = await call({ url: '/api/ero/cases', headers: auth(s.tokens.ero_officer) });
  assert.equal(r.statusCode, 200);
  const q = r.json() as { fieldOffice: string; cases: { tcn: string; level: number | null; reasons: { id: string }[]; status: string }[] };
  assert.equal(q.fieldOffice, 'HOU');
  const c = q.cases.find((x) => x.tcn === 'HTTP-API-1');
  assert.ok(c, 'the HTTP booking is a HOU case');
  assert.equal(c.level, 2, 'burglary felony charge: level 2');
  assert.ok(c.reasons.length >= 3 && c.reasons.some((x) => x.id.startsWith('levels-')), 'the explanation names the level rule');
  // Another field office does not see it.
  const la = await s.token('ero_officer', { fieldOffice: 'LOS' });
  assert.equal((await call({ url: '/api/ero/cases/HTTP-API-1', headers: auth(la) })).statusCode, 404);
});

test('claim and decide with a reason: another officer is refused (409), the decision explains itself, issues the detainer and reaches the audit chain', async () => {
  const other = await s.token('ero_officer', { fieldOffice: 'HOU' });
  const claim = await call({ url: '/api/ero/cases/HTTP-API-1/claim', method: 'POST', headers: auth(s.tokens.ero_officer) });
  assert.equal(claim.statusCode, 200);
  assert.equal(claim.json().status, 'claimed');
  const stolen = await call({ url: '/api/ero/cases/HTTP-API-1/decision', method: 'POST', payload: { action: 'no_action', reason: 'not mine' }, headers: auth(other) });
  assert.equal(stolen.statusCode, 409);
  const d = await call({ url: '/api/ero/cases/HTTP-API-1/decision', method: 'POST', payload: { action: 'detainer', reason: 'felony burglary charge, removable' }, headers: auth(s.tokens.ero_officer) });
  assert.equal(d.statusCode, 200, d.body);
  const decided = d.json() as { status: string; action: string; detainer: string; reasons: { id: string; text: string }[] };
  assert.equal(decided.status, 'decided');
  assert.equal(decided.action, 'detainer');
  assert.equal(decided.detainer, 'issued');
  assert.match(decided.reasons.at(-1)!.text, /decided detainer: felony burglary charge, removable/);
  await s.ctx.network.drain();
  const booking = (await call({ url: '/api/bookings/HTTP-API-1', headers: auth(s.tokens.booking_officer) })).json();
  assert.equal(booking.detainer, 'honored', 'Harris County honors the detainer');
  const lifted = await call({ url: '/api/ero/cases/HTTP-API-1/detainer', method: 'POST', payload: { action: 'lift', reason: 'prosecutorial discretion' }, headers: auth(s.tokens.ero_officer) });
  assert.equal(lifted.json().detainer, 'lifted');
  const again = await call({ url: '/api/ero/cases/HTTP-API-1/detainer', method: 'POST', payload: { action: 'lift', reason: 'twice' }, headers: auth(s.tokens.ero_officer) });
  assert.equal(again.statusCode, 409);
  await s.ctx.network.drain();

  const audit = (await call({ url: '/api/oversight/audit?limit=1000', headers: { ...auth(s.tokens.oversight_auditor), 'x-scomm-purpose': 'quarterly review' } })).json() as { verdict: { valid: boolean }; entries: { actor: string; action: string; subject: string; reason: string }[] };
  assert.equal(audit.verdict.valid, true);
  const of = (action: string) => audit.entries.filter((e) => e.subject === 'HTTP-API-1' && e.action === action);
  assert.equal(of('booking.submit')[0]?.reason, 'booking of a test arrest', 'who submitted, and why');
  assert.match(of('booking.submit')[0].actor, /^booking_officer:TX4820100:[0-9a-f]{16}$/);
  assert.ok(of('booking.read').length >= 1, 'reads of the answers are audited');
  assert.equal(of('ero.case.decide.detainer')[0]?.reason, 'felony burglary charge, removable');
  assert.ok(of('decision.detainer').some((e) => e.actor === 'ero:HOU'), 'the decision copy from the field office');
  assert.ok(of('detainer.issued').length === 1 && of('detainer.lifted').length === 1 && of('detainer.honored').length === 1);
  assert.equal((await verifyAudit(s.ctx.oversightDb)).valid, true);
  const auditorRead = audit.entries.filter((e) => e.action === 'oversight.audit.read');
  assert.equal(auditorRead.at(-1)?.reason, 'quarterly review');
});

test('no detainer for a victim or witness, whoever decides (409)', async () => {
  const car2 = tenprintCar({ tcn: 'HTTP-API-2', ori: ORI, subjectSeed: SUBJECT });
  const r = await call({ url: '/api/bookings?victimOrWitness=true', ...bodyOf(car2), headers: { 'content-type': 'application/octet-stream', ...auth(s.tokens.booking_officer) } });
  assert.equal(r.statusCode, 202);
  await s.ctx.network.drain();
  const c = (await call({ url: '/api/ero/cases/HTTP-API-2', headers: auth(s.tokens.ero_officer) })).json();
  assert.ok(c.reasons.some((x: { id: string }) => x.id === 'safeguard.victim-witness'));
  assert.notEqual(c.action, 'detainer');
  const d = await call({ url: '/api/ero/cases/HTTP-API-2/decision', method: 'POST', payload: { action: 'detainer', reason: 'try anyway' }, headers: auth(s.tokens.ero_officer) });
  assert.equal(d.statusCode, 409);
  assert.match(d.json().message, /victim or witness/i);
});

test('public statistics carry no person: no TCN, name or A-number anywhere in them', async () => {
  for (const url of ['/api/public/stats?month=2012-03', '/api/public/stats/counties?month=2012-03', '/api/public/jurisdictions/48201', '/api/public/rollout']) {
    const body = (await call({ url })).body;
    assert.ok(!/HTTP-API|TESTPERSON|A2099/.test(body), url);
  }
});

test('no error response carries a stack trace', () => {
  assert.ok(errorBodies.length >= 10);
  for (const b of errorBodies) assert.ok(!/\n\s+at |\.ts:\d+/.test(b), b);
});
