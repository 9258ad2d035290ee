import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { roles, type Role } from '../src/server/auth/roles.ts';
import { auth, startTestServer, tenprintCar, type TestServer } from './support/server.ts';

/**
 * Who may reach what: every route called with no token, and with a token of each role. A role a
 * route admits gets its success status; every other role 403; no token 401. Public routes answer
 * everyone.
 */
let s: TestServer;
let bookingTcn: string;
let caseTcn: string;
let detainerTcn: string;
let credentialToUnlock: string;

before(async () => {
  s = await startTestServer({ seedBookings: 300, simulate: true });
  const booking = await s.ctx.network.node('booking:TX4820100').db.selectFrom('booking').select('tcn').orderBy('tcn').executeTakeFirstOrThrow();
  bookingTcn = booking.tcn;
  const cases = await s.ctx.network.node('ero:HOU').db.selectFrom('ero_case').select(['tcn', 'detainer']).orderBy('tcn').execute();
  const withDetainer = cases.find((c) => c.detainer === 'honored' || c.detainer === 'issued');
  assert.ok(withDetainer, `a HOU case with a detainer among ${cases.length}`);
  detainerTcn = withDetainer.tcn;
  caseTcn = cases.find((c) => c.tcn !== detainerTcn)!.tcn;
  credentialToUnlock = (await s.ctx.credentials.list())[0].id;
});
after(() => s?.close());

interface Probe {
  method: 'GET' | 'POST' | 'DELETE';
  url: () => string;
  body?: () => unknown;
  headers?: Record<string, string>;
  allowed: Role[] | 'everyone';
  ok: number;
}

let car: Uint8Array | undefined;
const probes: Probe[] = [
  { method: 'GET', url: () => '/healthz', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/readyz', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/metrics', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/openapi.json', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/api/public/stats?month=2010-06', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/api/public/stats/counties?month=2010-06', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/api/public/rollout', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/api/public/jurisdictions/48201', allowed: 'everyone', ok: 200 },
  { method: 'GET', url: () => '/api/session', allowed: [...roles], ok: 200 },
  { method: 'GET', url: () => '/api/bookings', allowed: ['booking_officer'], ok: 200 },
  { method: 'GET', url: () => `/api/bookings/${bookingTcn}`, allowed: ['booking_officer'], ok: 200 },
  { method: 'POST', url: () => '/api/bookings', body: () => Buffer.from((car ??= tenprintCar({ tcn: 'HTTP-MATRIX-1', ori: 'TX4820100', subjectSeed: 9101 }))), headers: { 'content-type': 'application/octet-stream' }, allowed: ['booking_officer'], ok: 202 },
  { method: 'GET', url: () => '/api/sib/submissions', allowed: ['sib_operator'], ok: 200 },
  { method: 'GET', url: () => '/api/lesc/queries', allowed: ['lesc_analyst'], ok: 200 },
  { method: 'GET', url: () => '/api/ero/cases', allowed: ['ero_officer'], ok: 200 },
  { method: 'GET', url: () => `/api/ero/cases/${caseTcn}`, allowed: ['ero_officer'], ok: 200 },
  { method: 'POST', url: () => `/api/ero/cases/${caseTcn}/claim`, allowed: ['ero_officer'], ok: 200 },
  { method: 'POST', url: () => `/api/ero/cases/${caseTcn}/decision`, body: () => ({ action: 'review', reason: 'matrix test: hold for review' }), allowed: ['ero_officer'], ok: 200 },
  { method: 'POST', url: () => `/api/ero/cases/${detainerTcn}/detainer`, body: () => ({ action: 'lift', reason: 'matrix test: lifted' }), allowed: ['ero_officer'], ok: 200 },
  { method: 'GET', url: () => '/api/oversight/audit', allowed: ['oversight_auditor'], ok: 200 },
  { method: 'GET', url: () => '/api/oversight/complaints', allowed: ['oversight_auditor'], ok: 200 },
  { method: 'POST', url: () => '/api/oversight/complaints', body: () => ({ fips: '48201', category: 'wrongful_detainer', summary: 'matrix test complaint' }), allowed: ['oversight_auditor'], ok: 201 },
  { method: 'GET', url: () => '/api/oversight/opt-outs', allowed: ['oversight_auditor'], ok: 200 },
  { method: 'POST', url: () => '/api/oversight/opt-outs', body: () => ({ fips: '06075', date: '2010-05-04', requestedBy: 'Board of Supervisors (matrix test)' }), allowed: ['oversight_auditor'], ok: 201 },
  { method: 'GET', url: () => '/api/oversight/statistics?month=2010-06', allowed: ['oversight_auditor'], ok: 200 },
  { method: 'GET', url: () => '/api/admin/credentials', allowed: ['admin'], ok: 200 },
  { method: 'POST', url: () => '/api/admin/credentials', body: () => ({ role: 'lesc_analyst' }), allowed: ['admin'], ok: 201 },
  { method: 'POST', url: () => `/api/admin/credentials/${credentialToUnlock}/unlock`, allowed: ['admin'], ok: 200 },
];

test('role x route matrix: the allowed role gets its success status, every other role 403, no token 401', async (t) => {
  const table: string[] = [];
  for (const p of probes) {
    const row: string[] = [];
    const anonymous = await s.app.inject({ method: p.method, url: p.url(), payload: p.body?.() as never, headers: p.headers });
    assert.equal(anonymous.statusCode, p.allowed === 'everyone' ? p.ok : 401, `${p.method} ${p.url()} without a token: ${anonymous.body.slice(0, 200)}`);
    row.push(String(anonymous.statusCode));
    for (const role of roles) {
      const r = await s.app.inject({ method: p.method, url: p.url(), payload: p.body?.() as never, headers: { ...p.headers, ...auth(s.tokens[role]) } });
      const expected = p.allowed === 'everyone' || p.allowed.includes(role) ? p.ok : 403;
      assert.equal(r.statusCode, expected, `${p.method} ${p.url()} as ${role}: ${r.body.slice(0, 300)}`);
      row.push(String(r.statusCode));
    }
    table.push(`${`${p.method} ${p.url()}`.padEnd(60)} ${row.join(' ')}`);
  }
  t.diagnostic(`route, then status without a token and as ${roles.join(', ')}:\n${table.join('\n')}`);
});

test('/openapi.json lists every route the server registered (DELETE /api/session and the dashboard included)', async () => {
  const doc = (await s.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  const listed = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
  for (const p of probes) {
    const pattern = p.url().split('?')[0].replace(bookingTcn, '{tcn}').replace(caseTcn, '{tcn}').replace(detainerTcn, '{tcn}').replace('48201', '{fips}').replace(credentialToUnlock, '{id}');
    assert.ok(listed.has(`${p.method} ${pattern}`), `${p.method} ${pattern} in /openapi.json`);
  }
  for (const extra of ['DELETE /api/session', 'POST /api/session', 'GET /web/{*}', 'GET /vendor/{*}']) assert.ok(listed.has(extra), extra);
});
